package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/** The write end of a pipe (see {@link SpawnedProcess}); unbuffered: each write reaches the pipe at once. */
final class PipeOutputStream extends OutputStream {
    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private boolean closed;

    PipeOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the pipe is closed");
        }
        byte[] rest = Arrays.copyOfRange(b, off, off + len);
        while (rest.length > 0) {
            try {
                int n = (int) libc.write(fd, rest, rest.length);
                rest = Arrays.copyOfRange(rest, n, rest.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw LinuxException.of(libc, "write to", "a pipe", e); // EPIPE: the reader is gone
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Descriptors.closeQuietly(fd);
        }
    }
}
