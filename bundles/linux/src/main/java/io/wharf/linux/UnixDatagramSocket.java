package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected {@code AF_UNIX}/{@code SOCK_DGRAM} client socket (the journal's native socket, a local syslog), which
 * Java's channels lack. Sends never block: a full receive queue is reported as {@link #send}'s false, so the caller
 * decides whether to wait, and a sink that stopped reading cannot hold the caller's thread. One thread uses it.
 */
public final class UnixDatagramSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;

    private final LibC libc = LibC.INSTANCE;
    private final Path path;
    private int fd;

    private UnixDatagramSocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** Connects to the datagram socket bound at {@code path}. */
    public static UnixDatagramSocket connect(Path path) throws LinuxException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SeqPacketSocket.MAX_PATH_BYTES) {
            throw new LinuxException("cannot connect to " + path + ": the socket's name is too long", 36);
        }
        byte[] address = new byte[2 + name.length + 1];
        address[0] = (byte) AF_UNIX; // sun_family, little-endian short on every 64-bit Linux Wharf runs on
        System.arraycopy(name, 0, address, 2, name.length);
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "create a socket for", path, e);
        }
        try {
            libc.connect(fd, address, address.length);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw LinuxException.of(libc, "connect to", path, e);
        }
        return new UnixDatagramSocket(fd, path);
    }

    /**
     * Sends {@code datagram} whole; false when the receiver's queue is full (EAGAIN), so nothing was sent. Throws
     * for other failures, such as a datagram larger than the socket allows (EMSGSIZE) or a receiver that is gone.
     */
    public boolean send(byte[] datagram) throws IOException {
        if (fd < 0) {
            throw new IOException("cannot send to " + path + ": the socket is closed");
        }
        try {
            libc.send(fd, datagram, datagram.length, MSG_DONTWAIT | MSG_NOSIGNAL);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN) {
                return false;
            }
            throw LinuxException.of(libc, "send to", path, e);
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }
}
