package io.wharf.imagestore;

import io.wharf.api.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hashes (sha256) every byte that passes through it and optionally copies it to a sink. Unlike
 * {@link java.security.DigestInputStream}, {@code skip} reads through so skipped bytes are hashed too, and
 * {@code close} leaves the source open so that the caller can {@link #drain} what the consumer did not read
 * (tar readers stop at the end-of-archive marker; the padding after it is part of the diff ID).
 */
public final class HashingInputStream extends InputStream {
    private final InputStream in;
    private final OutputStream copy;
    private final MessageDigest digest = Digest.newSha256();
    private long count;

    public HashingInputStream(InputStream in, OutputStream copy) {
        this.in = in;
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            if (copy != null) {
                copy.write(b);
            }
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            digest.update(buf, off, n);
            if (copy != null) {
                copy.write(buf, off, n);
            }
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() {
        // the source stays open: see drain()
    }

    /** Reads the rest of the source through the digest. */
    public void drain() throws IOException {
        byte[] buf = new byte[65536];
        while (read(buf, 0, buf.length) >= 0) {
            // hash it
        }
    }

    public long count() {
        return count;
    }

    /** The digest of everything read so far; call once. */
    public Digest digest() {
        return Digest.ofSha256(digest);
    }
}
