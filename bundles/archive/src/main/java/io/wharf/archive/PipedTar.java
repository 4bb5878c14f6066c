package io.wharf.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * Runs a tar writer on a daemon thread and hands its output over as an {@link InputStream}, so a layer is
 * streamed rather than staged on disk. A writer failure surfaces as an IOException at the end of the stream,
 * never as a silently short tar; closing the stream early stops the writer.
 */
final class PipedTar extends FilterInputStream {
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int PIPE_SIZE = 1 << 16;

    private final String description;
    private volatile Throwable failure;

    private PipedTar(PipedInputStream in, String description) {
        super(in);
        this.description = description;
    }

    static InputStream start(String description, Writer writer) {
        PipedInputStream in = new PipedInputStream(PIPE_SIZE);
        PipedTar tar = new PipedTar(in, description);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new IllegalStateException("a fresh pipe cannot be connected already", e);
        }
        Thread thread = new Thread(() -> tar.produce(writer, out), "wharf-" + description);
        thread.setDaemon(true);
        thread.start();
        return tar;
    }

    private void produce(Writer writer, PipedOutputStream out) {
        try {
            // The writer may close what it is given (a tar stream closes its target even when failing); only
            // this method closes the pipe, after recording a failure, so the reader never sees a clean end first.
            writer.writeTo(new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
        } catch (Throwable e) { // recorded before the pipe closes, so the reader sees it instead of a short tar
            failure = e;
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // the reader is gone or the pipe is closed already: nothing is waiting for more bytes
            }
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkWriter();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            checkWriter();
            throw e;
        }
        if (n < 0) {
            checkWriter();
        }
        return n;
    }

    private void checkWriter() throws IOException {
        Throwable e = failure;
        if (e != null) {
            throw new IOException("cannot write the " + description + ": " + e.getMessage(), e);
        }
    }
}
