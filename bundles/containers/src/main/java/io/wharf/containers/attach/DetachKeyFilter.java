package io.wharf.containers.attach;

import java.io.ByteArrayOutputStream;

/**
 * moby/term's escape proxy: bytes that could start the detach sequence are held back until it is clear whether
 * the sequence follows; a complete sequence means detach, an incomplete one is passed on.
 */
public final class DetachKeyFilter {
    private final byte[] keys;
    private int matched;

    public DetachKeyFilter(byte[] keys) {
        this.keys = keys;
    }

    /** Result of filtering a chunk: the bytes to forward, and whether the sequence was typed. */
    public record Result(byte[] forward, boolean detach) {
    }

    public Result filter(byte[] b, int off, int len) {
        if (keys.length == 0) {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            return new Result(copy, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + keys.length);
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == keys[matched]) {
                matched++;
                if (matched == keys.length) {
                    matched = 0;
                    return new Result(out.toByteArray(), true);
                }
                continue;
            }
            if (matched > 0) {
                out.write(keys, 0, matched); // held bytes were not a detach after all
                matched = 0;
                if (c == keys[0]) {
                    matched = 1;
                    continue;
                }
            }
            out.write(c);
        }
        return new Result(out.toByteArray(), false);
    }
}
