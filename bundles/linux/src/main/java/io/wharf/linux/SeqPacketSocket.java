package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected {@code AF_UNIX}/{@code SOCK_SEQPACKET} client socket: every send is one packet and every receive
 * returns one packet (truncated to the buffer). {@link #close} may be called from any thread: it wakes a thread
 * blocked in {@link #receive} (which then returns 0) and the descriptor is released once nobody uses it, so a
 * recycled descriptor number is never touched.
 */
public final class SeqPacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    /** sizeof(sockaddr_un.sun_path). */
    public static final int MAX_PATH_BYTES = 108;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final Path path;
    private int users;
    private boolean closed;
    private boolean released;

    private SeqPacketSocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Connects to the socket at {@code path}. A path too long for sun_path (108 bytes) is reached through
     * {@code /proc/self/fd/<dir>/<name>} with an O_PATH descriptor of its directory.
     */
    public static SeqPacketSocket connect(Path path) throws LinuxException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length < MAX_PATH_BYTES) {
            return connect(path, name);
        }
        Path parent = path.toAbsolutePath().getParent();
        int dirFd;
        try {
            dirFd = LibC.INSTANCE.open(parent.toString(), O_PATH | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw failure("open the directory of", path, e);
        }
        try {
            String shortPath = "/proc/self/fd/" + dirFd + "/" + path.getFileName();
            byte[] shortName = shortPath.getBytes(StandardCharsets.UTF_8);
            if (shortName.length >= MAX_PATH_BYTES) {
                throw new LinuxException("cannot connect to " + path + ": the socket's name is too long", 36);
            }
            return connect(path, shortName);
        } finally {
            LibC.INSTANCE.close(dirFd);
        }
    }

    private static SeqPacketSocket connect(Path path, byte[] name) throws LinuxException {
        byte[] address = new byte[2 + MAX_PATH_BYTES];
        address[0] = (byte) AF_UNIX; // sun_family, little-endian short on every 64-bit Linux Wharf runs on
        System.arraycopy(name, 0, address, 2, name.length);
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure("create a socket for", path, e);
        }
        try {
            libc.connect(fd, address, 2 + name.length + 1);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw failure("connect to", path, e);
        }
        return new SeqPacketSocket(fd, path);
    }

    public Path path() {
        return path;
    }

    /** Blocks for the next packet; returns its length, or 0 at end of stream or after {@link #close}. */
    public int receive(byte[] buffer) throws IOException {
        if (!acquire()) {
            return 0;
        }
        try {
            while (true) {
                try {
                    return (int) libc.recv(fd, buffer, buffer.length, 0);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw failure("receive from", path, e);
                    }
                }
            }
        } finally {
            releaseUse();
        }
    }

    /** Sends one packet of {@code length} bytes. */
    public void send(byte[] buffer, int offset, int length) throws IOException {
        byte[] packet = buffer;
        if (offset != 0 || length != buffer.length) {
            packet = new byte[length];
            System.arraycopy(buffer, offset, packet, 0, length);
        }
        if (!acquire()) {
            throw new IOException("cannot send to " + path + ": the connection is closed");
        }
        try {
            while (true) {
                try {
                    libc.send(fd, packet, length, MSG_NOSIGNAL);
                    return;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw failure("send to", path, e);
                    }
                }
            }
        } finally {
            releaseUse();
        }
    }

    /** Half-close: the peer reads end of stream, receiving still works. */
    public void shutdownOutput() throws IOException {
        if (!acquire()) {
            return;
        }
        try {
            libc.shutdown(fd, SHUT_WR);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != 107 /* ENOTCONN: the peer is gone */) {
                throw failure("shut down", path, e);
            }
        } finally {
            releaseUse();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                libc.shutdown(fd, SHUT_RDWR); // wakes a blocked recv, which then returns 0
            } catch (LastErrorException ignored) {
                // already disconnected
            }
        }
        releaseIfUnused();
    }

    private synchronized boolean acquire() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    private void releaseUse() {
        synchronized (this) {
            users--;
        }
        releaseIfUnused();
    }

    private void releaseIfUnused() {
        synchronized (this) {
            if (!closed || users > 0 || released) {
                return;
            }
            released = true;
        }
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing useful to do
        }
    }

    private static LinuxException failure(String action, Path path, LastErrorException e) {
        return LinuxException.of(LibC.INSTANCE, action, path, e);
    }
}
