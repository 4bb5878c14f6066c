package io.wharf.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * The read end of a pipe (see {@link SpawnedProcess}), with an optional deadline: a read that would block past it
 * throws {@link InterruptedIOException}, so a caller waiting for a child's protocol does not depend on killing the
 * writers to get its thread back. Not for closing while another thread reads.
 */
public final class PipeInputStream extends InputStream {
    private static final short POLLIN = 1;
    private static final int CHUNK = 8192;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private volatile long deadlineNanos;
    private volatile boolean deadlineSet;
    private boolean closed;

    PipeInputStream(int fd) {
        this.fd = fd;
    }

    /** Reads fail once {@link System#nanoTime()} passes {@code nanoTime}. */
    public void deadline(long nanoTime) {
        deadlineNanos = nanoTime;
        deadlineSet = true;
    }

    /** Reads wait as long as it takes again. */
    public void noDeadline() {
        deadlineSet = false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (closed) {
            throw new IOException("the pipe is closed");
        }
        awaitReadable();
        // JNA copies the whole array each way: a bounded buffer of our own when the caller's is an offset or large
        byte[] into = off == 0 && b.length <= CHUNK ? b : new byte[Math.min(len, CHUNK)];
        while (true) {
            try {
                int n = (int) libc.read(fd, into, Math.min(len, into.length));
                if (n <= 0) {
                    return -1;
                }
                if (into != b) {
                    System.arraycopy(into, 0, b, off, n);
                }
                return n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw LinuxException.of(libc, "read from", "a pipe", e);
                }
            }
        }
    }

    private void awaitReadable() throws IOException {
        if (!deadlineSet) {
            return;
        }
        Memory pollFd = new Memory(8); // struct pollfd
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new InterruptedIOException("the deadline passed before the pipe had data");
            }
            pollFd.setInt(0, fd);
            pollFd.setShort(4, POLLIN);
            pollFd.setShort(6, (short) 0);
            try {
                // readable, or hung up (the read then sees the end)
                if (libc.poll(pollFd, 1, (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)) > 0) {
                    return;
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw LinuxException.of(libc, "poll", "a pipe", e);
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
