package io.wharf.builder.remote;

import io.wharf.api.errors.EngineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A download's body that fails, instead of filling the disk, once more than the builder's limit has arrived:
 * servers may send no Content-Length, or more than they announce.
 */
final class CappedBody extends FilterInputStream {
    private final long limit;
    private final String url;
    private long read;

    CappedBody(InputStream in, long limit, String url) {
        super(in);
        this.limit = limit;
        this.url = url;
    }

    static EngineException tooLarge(String url, long limit) {
        return EngineException.invalid("downloading %s: larger than the builder's download limit of %d bytes", url,
                limit);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        read += n;
        if (read > limit) {
            throw tooLarge(url, limit);
        }
    }
}
