package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.nio.charset.StandardCharsets;

/**
 * sd_notify(3) without libsystemd: one datagram to the {@code AF_UNIX}/{@code SOCK_DGRAM} socket that
 * {@code NOTIFY_SOCKET} names (a path, or an abstract name written with a leading {@code @}). Java's channels have
 * no unix datagram sockets, hence JNA.
 */
public final class SystemdNotify {
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;

    private SystemdNotify() {
    }

    /**
     * Sends {@code state} (for example {@code READY=1}) when the process runs under a service manager that asked
     * for notifications; returns whether it did.
     */
    public static boolean notify(String state) throws LinuxException {
        String socket = System.getenv(NOTIFY_SOCKET);
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        send(socket, state);
        return true;
    }

    /** Sends {@code state} as one datagram to the socket named {@code socketName}. */
    public static void send(String socketName, String state) throws LinuxException {
        byte[] address = address(socketName);
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "create a socket for", socketName, e);
        }
        try {
            libc.sendto(fd, message, message.length, MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "notify", socketName, e);
        } finally {
            libc.close(fd);
        }
    }

    /**
     * A {@code sockaddr_un} of exactly the length the kernel must see: a path ends with its NUL, an abstract name
     * ({@code @name}: a NUL first byte) has none, as every byte of it is part of the name.
     */
    static byte[] address(String socketName) throws LinuxException {
        boolean abstractName = socketName.startsWith("@");
        if (!abstractName && !socketName.startsWith("/")) {
            throw new LinuxException("invalid NOTIFY_SOCKET " + socketName + ": neither a path nor @name", 22);
        }
        byte[] name = socketName.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SeqPacketSocket.MAX_PATH_BYTES) {
            throw new LinuxException("invalid NOTIFY_SOCKET " + socketName + ": the name is too long", 36);
        }
        byte[] address = new byte[2 + name.length + (abstractName ? 0 : 1)];
        address[0] = (byte) AF_UNIX; // sun_family, little-endian on every Linux Wharf runs on
        System.arraycopy(name, 0, address, 2, name.length);
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }
}
