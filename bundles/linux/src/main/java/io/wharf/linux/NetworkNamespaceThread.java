package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/**
 * Runs file work inside another network namespace without starting a process: {@code /proc/sys/net} shows the
 * namespace of the calling thread, so a thread that joined one reads and writes that namespace's settings. The
 * work runs on a fresh thread that ends with it, so nothing else ever runs in the joined namespace.
 */
public final class NetworkNamespaceThread {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int CLONE_NEWNET = 0x40000000;

    /** Work that may fail with an I/O error. */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException;
    }

    private NetworkNamespaceThread() {
    }

    /** Runs {@code work} on a new thread joined to the namespace of {@code namespaceFile} (e.g. /proc/PID/ns/net). */
    public static void run(Path namespaceFile, Work work) throws IOException {
        IOException[] failure = new IOException[1];
        RuntimeException[] crash = new RuntimeException[1];
        Thread thread = new Thread(() -> {
            try {
                join(LibC.INSTANCE, namespaceFile);
                work.run();
            } catch (IOException e) {
                failure[0] = e;
            } catch (RuntimeException e) {
                crash[0] = e;
            }
        }, "netns " + namespaceFile);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while working in " + namespaceFile);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (crash[0] != null) {
            throw crash[0];
        }
    }

    private static void join(LibC libc, Path namespaceFile) throws LinuxException {
        int fd;
        try {
            fd = libc.open(namespaceFile.toString(), O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "open", namespaceFile, e);
        }
        try {
            libc.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw LinuxException.of(libc, "join the network namespace", namespaceFile, e);
        } finally {
            libc.close(fd);
        }
    }
}
