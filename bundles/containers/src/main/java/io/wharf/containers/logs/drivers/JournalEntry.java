package io.wharf.containers.logs.drivers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One entry in the journal's native protocol (systemd's "Native Journal Protocol"): {@code KEY=value\n} per field,
 * or, for a value holding a newline (or any byte), {@code KEY\n}, its length as a little-endian 64-bit integer, the
 * bytes and {@code \n}. The whole entry is one datagram to the journal's socket.
 */
public final class JournalEntry {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    /** Appends a field; values with a newline are written in the binary-safe form. */
    public JournalEntry field(String key, String value) {
        return field(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public JournalEntry field(String key, byte[] value) {
        out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
        if (indexOfNewline(value) < 0) {
            out.write('=');
            out.writeBytes(value);
        } else {
            out.write('\n');
            long n = value.length;
            for (int i = 0; i < 8; i++) {
                out.write((int) (n >>> (8 * i)) & 0xff);
            }
            out.writeBytes(value);
        }
        out.write('\n');
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    private static int indexOfNewline(byte[] value) {
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * moby's sanitizeKeyMod: upper case, every character other than A-Z and 0-9 becomes '_', and no leading '_'
     * (the journal reserves those fields for itself).
     */
    public static String sanitizeKey(String key) {
        StringBuilder b = new StringBuilder(key.length());
        key.codePoints().forEach(c -> {
            int v = c >= 'a' && c <= 'z' ? Character.toUpperCase(c)
                    : (c > 'Z' || c < 'A') && (c > '9' || c < '0') ? '_' : c;
            if (!(b.length() == 0 && v == '_')) {
                b.appendCodePoint(v);
            }
        });
        return b.toString();
    }
}
