package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The listening sockets a service manager hands over (sd_listen_fds(3)): {@code LISTEN_FDS} descriptors from 3 on,
 * meant for the process {@code LISTEN_PID} names (systemd's wharf.socket, systemd-socket-activate).
 */
public final class SocketActivation {
    public static final int FIRST_FD = 3;
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int F_DUPFD_CLOEXEC = 1030;

    /** Copies of stdout and stderr, put back by {@link #restoreStandardStreams()}; -1 until then. */
    private static int savedOut = -1;
    private static int savedErr = -1;

    private SocketActivation() {
    }

    /** The descriptors passed to this process, none when {@code LISTEN_PID} names another one (a parent's). */
    public static List<Integer> listenFds(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String count = env.get("LISTEN_FDS");
        List<Integer> fds = new ArrayList<>();
        if (listenPid == null || count == null || !listenPid.trim().equals(Long.toString(pid))) {
            return fds;
        }
        int n;
        try {
            n = Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            return fds;
        }
        for (int i = 0; i < n; i++) {
            fds.add(FIRST_FD + i);
        }
        return fds;
    }

    /**
     * Moves the listening unix stream socket {@code fd} to descriptor 0, where the JDK's only way to adopt a socket
     * it did not open, {@link System#inheritedChannel()}, takes it from. Refuses anything but a listening
     * {@code AF_UNIX} stream socket.
     */
    public static void moveToStandardInput(int fd) throws LinuxException {
        LibC libc = LibC.INSTANCE;
        if (option(libc, fd, SO_DOMAIN) != AF_UNIX || option(libc, fd, SO_TYPE) != SOCK_STREAM
                || option(libc, fd, SO_ACCEPTCONN) != 1) {
            throw new LinuxException("descriptor " + fd + " is not a listening unix stream socket", 88);
        }
        try {
            libc.dup2(fd, 0);
            libc.close(fd);
            synchronized (SocketActivation.class) {
                if (savedOut < 0) {
                    savedOut = libc.fcntl(1, F_DUPFD_CLOEXEC, 10);
                    savedErr = libc.fcntl(2, F_DUPFD_CLOEXEC, 10);
                }
            }
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "adopt the socket", "descriptor " + fd, e);
        }
    }

    /**
     * Closing the JDK's inherited channel points descriptors 0, 1 and 2 at /dev/null (so that they are not reused
     * by accident): this gives stdout and stderr back, so the daemon's last log lines still reach the journal.
     */
    public static synchronized void restoreStandardStreams() throws LinuxException {
        if (savedOut < 0) {
            return;
        }
        LibC libc = LibC.INSTANCE;
        try {
            libc.dup2(savedOut, 1);
            libc.dup2(savedErr, 2);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "restore", "stdout and stderr", e);
        }
    }

    private static int option(LibC libc, int fd, int name) throws LinuxException {
        int[] value = new int[1];
        try {
            libc.getsockopt(fd, SOL_SOCKET, name, value, new int[] {4});
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "inspect the socket", "descriptor " + fd, e);
        }
        return value[0];
    }
}
