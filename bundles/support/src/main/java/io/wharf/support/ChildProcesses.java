package io.wharf.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs short helper commands (ip, nft, runc, ps, apparmor_parser) with a timeout that fires: stdout and stderr are
 * read concurrently, so a child that fills one pipe cannot stall us on the other, and a child still running at its
 * deadline is killed together with its descendants. Children start in "/", not in the daemon's working directory,
 * which may have been removed since it started.
 */
public final class ChildProcesses {
    /** What is kept of stderr: the message is at its start, and a flood must not fill the heap. */
    static final int STDERR_LIMIT = 64 * 1024;
    /** What is kept of stdout when it is captured: far more than any state or listing a helper prints. */
    static final int STDOUT_LIMIT = 16 * 1024 * 1024;
    /** How long output may keep arriving after the child exited (a daemonised grandchild may hold the pipes). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    private static final File ROOT = new File("/");
    private static final File DEV_NULL = new File("/dev/null");

    private ChildProcesses() {
    }

    /** A finished command: exit code, stdout (empty unless captured) and the start of stderr. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * What systemd gives the daemon alone: with NOTIFY_SOCKET, {@code runc start} would relay the container's
     * readiness to it (and fails, as the container was created without); LISTEN_* name the daemon's own sockets.
     */
    static final java.util.Set<String> SERVICE_MANAGER_VARIABLES = java.util.Set.of("NOTIFY_SOCKET", "LISTEN_PID",
            "LISTEN_FDS", "LISTEN_FDNAMES");

    /** The command did not finish in time and was killed. */
    public static final class TimeoutException extends IOException {
        TimeoutException(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code command}, feeding it {@code input} (stdin is /dev/null when null), and waits at most
     * {@code timeout}. Stdout is kept only when {@code captureStdout}; otherwise it is discarded.
     *
     * @throws TimeoutException when the command outlives its timeout (it and its descendants are killed)
     * @throws IOException when it cannot be started, or its stdout exceeds {@value #STDOUT_LIMIT} bytes
     */
    public static Result run(List<String> command, byte[] input, boolean captureStdout, Duration timeout)
            throws IOException {
        return run(String.join(" ", command), command, input, captureStdout, timeout);
    }

    /** As {@link #run(List, byte[], boolean, Duration)}, naming the command {@code what} in errors. */
    public static Result run(String what, List<String> command, byte[] input, boolean captureStdout,
                             Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT);
        builder.environment().keySet().removeAll(SERVICE_MANAGER_VARIABLES);
        if (input == null) {
            builder.redirectInput(DEV_NULL);
        }
        if (!captureStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        String name = what;
        Drain stdout = captureStdout ? Drain.start(process.getInputStream(), STDOUT_LIMIT, name) : null;
        Drain stderr = Drain.start(process.getErrorStream(), STDERR_LIMIT, name);
        if (input != null) {
            feed(process.getOutputStream(), input, name);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                String said = stderr.await(DRAIN_GRACE).strip();
                throw new TimeoutException(name + " did not finish in " + describe(timeout) + " and was killed"
                        + (said.isEmpty() ? "" : ": " + said));
            }
            String err = stderr.await(DRAIN_GRACE);
            String out = "";
            if (stdout != null) {
                out = stdout.await(DRAIN_GRACE);
                if (stdout.overflowed()) {
                    throw new IOException(name + " printed more than " + STDOUT_LIMIT + " bytes");
                }
            }
            return new Result(process.exitValue(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
            throw new IOException("interrupted while running " + name, e);
        }
    }

    /** "{@code what} did not finish in N s and was killed": for a caller that enforces a timeout of its own. */
    public static TimeoutException timedOut(String what, Duration timeout) {
        return new TimeoutException(what + " did not finish in " + describe(timeout) + " and was killed");
    }

    /** Kills the process and every descendant it has now (they would otherwise hold its pipes open). */
    public static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static void feed(OutputStream stdin, byte[] input, String name) {
        Thread feeder = new Thread(() -> {
            try (stdin) {
                stdin.write(input);
            } catch (IOException e) {
                // the command died before reading all its input; its stderr and exit code tell why
            }
        }, "stdin of " + name);
        feeder.setDaemon(true);
        feeder.start();
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Reads one stream to its end on a thread of its own, keeping at most {@code limit} bytes. */
    private static final class Drain {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int limit;
        private boolean overflowed;

        private Drain(int limit) {
            this.limit = limit;
        }

        static Drain start(InputStream in, int limit, String name) {
            Drain drain = new Drain(limit);
            Thread reader = new Thread(() -> drain.readAll(in), "output of " + name);
            reader.setDaemon(true);
            reader.start();
            return drain;
        }

        private void readAll(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (this) {
                        int room = limit - kept.size();
                        kept.write(buffer, 0, Math.min(room, n));
                        overflowed |= n > room;
                    }
                }
            } catch (IOException e) {
                // the pipe was closed under us: what was read is all there is
            } finally {
                done.complete(null);
            }
        }

        /** What was read once the stream ended, or after {@code grace} if it has not (a grandchild holds it). */
        String await(Duration grace) throws InterruptedException {
            try {
                done.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // return what arrived so far
            }
            synchronized (this) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }

        synchronized boolean overflowed() {
            return overflowed;
        }
    }
}
