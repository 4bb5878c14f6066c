package io.wharf.rest;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unencrypted PEM private keys in the forms openssl and common tools write: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA,
 * EC or Ed25519), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}, after which
 * {@code openssl ecparam} may also have written the curve). The JDK reads only PKCS#8, so the two traditional forms
 * are wrapped into a PKCS#8 PrivateKeyInfo with a few lines of DER rather than a new library.
 */
final class PemPrivateKeys {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----([\\s\\S]*?)-----END \\1-----");
    /** rsaEncryption (1.2.840.113549.1.1.1) with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = der(0x30, concat(
            der(0x06, new byte[]{0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01}),
            new byte[]{0x05, 0x00}));
    /** id-ecPublicKey (1.2.840.10045.2.1); the curve follows it in the AlgorithmIdentifier. */
    private static final byte[] EC_PUBLIC_KEY = der(0x06, new byte[]{0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01});
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemPrivateKeys() {
    }

    /** The first private key in {@code pem}; {@code source} names it in errors. */
    static PrivateKey parse(String pem, String source) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException(source + " holds no PEM private key (BEGIN PRIVATE KEY, "
                    + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
        }
        String type = m.group(1);
        String body = m.group(2);
        if (type.startsWith("ENCRYPTED") || body.contains("Proc-Type:")) {
            throw new GeneralSecurityException(source + " is encrypted; wharfd needs an unencrypted key "
                    + "(openssl pkey -in OLD -out NEW)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(source + ": bad base64 in the PEM key", e);
        }
        return switch (type) {
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(pkcs8(RSA_ALGORITHM, der));
            case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(
                    pkcs8(der(0x30, concat(EC_PUBLIC_KEY, sec1Curve(der, source))), der));
            default -> pkcs8(der, source);
        };
    }

    private static PrivateKey pkcs8(byte[] der, String source) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException("unsupported key type in " + source);
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, privateKey OCTET STRING }. */
    private static PKCS8EncodedKeySpec pkcs8(byte[] algorithm, byte[] privateKey) {
        return new PKCS8EncodedKeySpec(der(0x30, concat(VERSION_0, algorithm, der(0x04, privateKey))));
    }

    /**
     * The named-curve OID in the {@code [0] parameters} of a SEC1 ECPrivateKey
     * ({@code SEQUENCE { version 1, privateKey OCTET STRING, [0] ECParameters, [1] publicKey }}).
     */
    private static byte[] sec1Curve(byte[] der, String source) throws GeneralSecurityException {
        DerReader sequence = new DerReader(der).enter(0x30);
        while (sequence.hasMore()) {
            int tag = sequence.peekTag();
            byte[] element = sequence.next();
            if (tag == 0xa0) {
                DerReader parameters = new DerReader(element).enter(0xa0);
                if (parameters.peekTag() == 0x06) {
                    return parameters.next();
                }
            }
        }
        throw new GeneralSecurityException(source + ": the EC key names no curve (explicit curve parameters "
                + "are not supported; write it with: openssl ec -param_enc named_curve)");
    }

    static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Just enough DER to walk the elements of one constructed value: each {@link #next()} is a whole TLV. */
    private static final class DerReader {
        private final byte[] data;
        private int position;
        private final int end;

        DerReader(byte[] data) {
            this(data, 0, data.length);
        }

        private DerReader(byte[] data, int position, int end) {
            this.data = data;
            this.position = position;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int peekTag() throws GeneralSecurityException {
            require(1);
            return data[position] & 0xff;
        }

        /** The contents of the next element, which must have {@code tag}, as a reader of its own. */
        DerReader enter(int tag) throws GeneralSecurityException {
            if (peekTag() != tag) {
                throw new GeneralSecurityException("unexpected DER tag " + peekTag() + " (wanted " + tag + ")");
            }
            int[] header = header();
            position = header[0] + header[1];
            return new DerReader(data, header[0], header[0] + header[1]);
        }

        /** The next whole element (tag, length and contents). */
        byte[] next() throws GeneralSecurityException {
            int start = position;
            int[] header = header();
            position = header[0] + header[1];
            return Arrays.copyOfRange(data, start, position);
        }

        /** Where the contents of the element at the current position start, and their length. */
        private int[] header() throws GeneralSecurityException {
            int p = position + 1;
            require(2);
            int first = data[p++] & 0xff;
            int length = first;
            if (first >= 0x80) {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || p + bytes > end) {
                    throw new GeneralSecurityException("malformed DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[p++] & 0xff);
                }
            }
            if (p + length > end) {
                throw new GeneralSecurityException("truncated DER value");
            }
            return new int[]{p, length};
        }

        private void require(int bytes) throws GeneralSecurityException {
            if (position + bytes > end) {
                throw new GeneralSecurityException("truncated DER value");
            }
        }
    }
}
