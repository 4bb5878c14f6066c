package io.wharf.api.model;

import io.wharf.api.errors.EngineException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:e3b0...}. Only sha256 is produced; sha384/sha512 are accepted by parse. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern OTHER = Pattern.compile("[a-f0-9]{96}|[a-f0-9]{128}");

    public Digest {
        if (!("sha256".equals(algorithm) && SHA256.matcher(hex).matches())
                && !(("sha384".equals(algorithm) || "sha512".equals(algorithm)) && OTHER.matcher(hex).matches())) {
            throw EngineException.invalid("invalid digest: %s:%s", algorithm, hex);
        }
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
