package io.wharf.api.model;

import io.wharf.api.errors.EngineException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content digest such as {@code sha256:e3b0...}. Only sha256 is produced; sha384/sha512 are accepted by parse. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    public Digest {
        int length = "sha256".equals(algorithm) ? 64 : "sha384".equals(algorithm) ? 96
                : "sha512".equals(algorithm) ? 128 : -1;
        if (hex == null || hex.length() != length || !isLowerHex(hex)) {
            throw EngineException.invalid("invalid digest: %s:%s", algorithm, hex);
        }
    }

    /** A loop, not a regular expression: digests are made by the thousand (chain IDs, cache keys, inspects). */
    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code algorithm:hex}; a clear 400-class error otherwise. */
    public static Digest parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0) {
            throw EngineException.invalid("invalid digest format: %s", value);
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    public static boolean isDigest(String value) {
        try {
            parse(value);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest ofSha256(MessageDigest finished) {
        return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    /** The first 12 hex characters, as Docker prints short IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
