package io.wharf.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child started with posix_spawn(3) (glibc's clone with CLONE_VFORK, then one exec): ProcessBuilder execs
 * jspawnhelper first and cannot hand a child descriptors beyond 0-2, so a monitor that speaks over fds 3 and 4
 * (conmon) needed a shell in between. The child gets /dev/null as stdin and stdout, a file as stderr, one pipe per
 * entry of {@code pipes} as fds 3, 4..., "/" as its working directory, an empty signal mask with every signal at
 * its default action, and no other descriptor of the daemon. The caller reaps it with {@link #waitFor}, and
 * {@link #kill} never reaches a recycled PID: it signals only a child not yet reaped.
 */
public final class SpawnedProcess {
    /** Which way a pipe carries data. */
    public enum Pipe { FROM_CHILD, TO_CHILD }

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_CLOEXEC = 02000000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int ECHILD = 10;
    private static final int ESRCH = 3;
    /** Generous upper bounds of glibc's posix_spawn_file_actions_t (80), posix_spawnattr_t (336), sigset_t (128). */
    private static final int FILE_ACTIONS_SIZE = 256;
    private static final int ATTRIBUTES_SIZE = 1024;
    private static final int SIGSET_SIZE = 128;
    private static final int SIGINFO_SIZE = 128;

    private final LibC libc = LibC.INSTANCE;
    private final int pid;
    private final List<Object> parentEnds;
    private boolean reaped;
    private int exitStatus;

    private SpawnedProcess(int pid, List<Object> parentEnds) {
        this.pid = pid;
        this.parentEnds = parentEnds;
    }

    /**
     * Starts {@code command} (its first element an absolute path; no PATH search) with exactly {@code environment}.
     *
     * @param stderr the file the child's stderr is written to (created or truncated, mode 0600)
     * @param pipes  the pipes the child gets as fds 3, 4...; the parent's ends are {@link #fromChild}/{@link #toChild}
     */
    public static SpawnedProcess spawn(List<String> command, Map<String, String> environment, Path stderr,
                                       List<Pipe> pipes) throws IOException {
        LibC libc = LibC.INSTANCE;
        int firstFree = 3 + pipes.size();
        List<int[]> made = new ArrayList<>();
        try {
            for (Pipe ignored : pipes) {
                made.add(pipe(libc, firstFree));
            }
            int[] childEnds = new int[pipes.size()];
            List<Object> parentEnds = new ArrayList<>();
            for (int i = 0; i < pipes.size(); i++) {
                boolean fromChild = pipes.get(i) == Pipe.FROM_CHILD;
                int[] ends = made.get(i); // [read, write]
                childEnds[i] = fromChild ? ends[1] : ends[0];
                parentEnds.add(fromChild ? new PipeInputStream(ends[0]) : new PipeOutputStream(ends[1]));
            }
            int pid = spawn(libc, command, environment, stderr, childEnds);
            Descriptors.closeQuietly(childEnds);
            return new SpawnedProcess(pid, parentEnds);
        } catch (IOException | RuntimeException e) {
            made.forEach(Descriptors::closeQuietly);
            throw e;
        }
    }

    private static int spawn(LibC libc, List<String> command, Map<String, String> environment, Path stderr,
                             int[] childEnds) throws LinuxException {
        Memory actions = new Memory(FILE_ACTIONS_SIZE);
        Memory attributes = new Memory(ATTRIBUTES_SIZE);
        Memory noSignals = new Memory(SIGSET_SIZE);
        Memory allSignals = new Memory(SIGSET_SIZE);
        libc.posix_spawn_file_actions_init(actions);
        libc.posix_spawnattr_init(attributes);
        try {
            // the sources are above the targets (see pipe), so no dup2 overwrites a descriptor a later one needs
            check(libc, "prepare", command, libc.posix_spawn_file_actions_addchdir_np(actions, "/"));
            check(libc, "prepare", command, libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null",
                    O_RDONLY, 0));
            check(libc, "prepare", command, libc.posix_spawn_file_actions_addopen(actions, 1, "/dev/null",
                    O_WRONLY, 0));
            check(libc, "prepare", command, libc.posix_spawn_file_actions_addopen(actions, 2,
                    stderr.toAbsolutePath().toString(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
            for (int i = 0; i < childEnds.length; i++) {
                check(libc, "prepare", command, libc.posix_spawn_file_actions_adddup2(actions, childEnds[i], 3 + i));
            }
            // the JDK opens many descriptors without O_CLOEXEC: none may outlive the daemon in a monitor
            check(libc, "prepare", command,
                    libc.posix_spawn_file_actions_addclosefrom_np(actions, 3 + childEnds.length));
            libc.sigemptyset(noSignals);
            libc.sigfillset(allSignals);
            check(libc, "prepare", command, libc.posix_spawnattr_setsigmask(attributes, noSignals));
            check(libc, "prepare", command, libc.posix_spawnattr_setsigdefault(attributes, allSignals));
            check(libc, "prepare", command, libc.posix_spawnattr_setflags(attributes,
                    (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
            String[] env = environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            int[] pid = new int[1];
            check(libc, "run", command, libc.posix_spawn(pid, command.get(0), actions, attributes,
                    command.toArray(String[]::new), env));
            return pid[0];
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attributes);
        }
    }

    /** A close-on-exec pipe whose descriptors are at least {@code minimum}. */
    private static int[] pipe(LibC libc, int minimum) throws LinuxException {
        int[] ends = new int[2];
        try {
            libc.pipe2(ends, O_CLOEXEC);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "create", "a pipe", e);
        }
        try {
            for (int i = 0; i < 2; i++) {
                if (ends[i] < minimum) {
                    int moved = libc.fcntl(ends[i], F_DUPFD_CLOEXEC, minimum);
                    libc.close(ends[i]);
                    ends[i] = moved;
                }
            }
        } catch (LastErrorException e) {
            Descriptors.closeQuietly(ends);
            throw LinuxException.of(libc, "move", "a pipe", e);
        }
        return ends;
    }

    private static void check(LibC libc, String action, List<String> command, int error) throws LinuxException {
        if (error != 0) {
            throw new LinuxException("cannot " + action + " " + command.get(0) + ": "
                    + LinuxException.strerror(libc, error), error);
        }
    }

    public long pid() {
        return pid;
    }

    /** The parent's (read) end of the pipe that is the child's descriptor {@code fd}. */
    public PipeInputStream fromChild(int fd) {
        return (PipeInputStream) parentEnds.get(fd - 3);
    }

    /** The parent's (write) end of the pipe that is the child's descriptor {@code fd}. */
    public OutputStream toChild(int fd) {
        return (OutputStream) parentEnds.get(fd - 3);
    }

    /**
     * Waits for the child to exit and reaps it; returns its exit code, or 128 + the signal that killed it. A Java
     * interrupt does not cut the wait short: giving up would leave a zombie and, for conmon, a container with no
     * record of it.
     */
    public int waitFor() throws IOException {
        synchronized (this) {
            if (reaped) {
                return exitStatus;
            }
        }
        Memory info = new Memory(SIGINFO_SIZE);
        while (true) {
            try {
                // WNOWAIT: the PID stays ours (so kill cannot hit a recycled one) until reaped below
                libc.waitid(P_PID, pid, info, WEXITED | WNOWAIT);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ECHILD) {
                    break; // reaped by a concurrent waitFor
                }
                if (e.getErrorCode() != Errno.EINTR) {
                    throw LinuxException.of(libc, "wait for", "process " + pid, e);
                }
            }
        }
        synchronized (this) {
            if (!reaped) {
                int[] status = new int[1];
                libc.waitpid(pid, status, 0);
                exitStatus = (status[0] & 0x7f) == 0 ? (status[0] >> 8) & 0xff : 128 + (status[0] & 0x7f);
                reaped = true;
            }
            return exitStatus;
        }
    }

    /** Sends {@code signal} unless the child has been reaped already. */
    public synchronized void kill(int signal) throws IOException {
        if (reaped) {
            return;
        }
        try {
            libc.kill(pid, signal);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ESRCH) {
                throw LinuxException.of(libc, "signal", "process " + pid, e);
            }
        }
    }

    /** Closes the parent's ends of the pipes that are still open. */
    public void closePipes() throws IOException {
        for (Object end : parentEnds) {
            ((java.io.Closeable) end).close();
        }
    }
}
