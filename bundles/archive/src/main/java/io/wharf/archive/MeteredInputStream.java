package io.wharf.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read while a budget is armed and fails once they exceed it: the part of a stream a parser
 * keeps in memory (tar headers, gzip member headers) is bounded, the rest (file content) flows unmetered.
 */
final class MeteredInputStream extends FilterInputStream {
    private long limit = -1;
    private long used;
    private String what;
    /** Whether the source said end of stream: then a reader's failure is the input's being cut short. */
    private boolean ended;
    /** Whether the source itself failed (a connection reset): then a reader's failure is not the input's. */
    private boolean failed;

    MeteredInputStream(InputStream in) {
        super(in);
    }

    /** Arms a budget of {@code limit} bytes for {@code what} (used in the error message). */
    void arm(long limit, String what) {
        this.limit = limit;
        this.used = 0;
        this.what = what;
    }

    void disarm() {
        this.limit = -1;
    }

    boolean ended() {
        return ended;
    }

    boolean failed() {
        return failed;
    }

    private void count(long n) throws InvalidArchiveException {
        if (limit >= 0 && n > 0) {
            used += n;
            if (used > limit) {
                long exceeded = limit;
                limit = -1;
                throw new InvalidArchiveException(what + " exceeds the limit of " + exceeded + " bytes");
            }
        }
    }

    @Override
    public int read() throws IOException {
        int b = source(() -> in.read());
        if (b >= 0) {
            count(1);
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = source(() -> in.read(b, off, len));
        if (n < 0) {
            ended = true;
        }
        count(n);
        return n;
    }

    private interface Read {
        int read() throws IOException;
    }

    private int source(Read read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
