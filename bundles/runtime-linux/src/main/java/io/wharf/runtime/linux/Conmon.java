package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.linux.SeqPacketSocket;
import io.wharf.support.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches conmon, the per-container monitor that survives the daemon (it double-forks and calls setsid), and
 * speaks its sync/start pipe protocol. ProcessBuilder cannot hand extra descriptors to a child, so a /bin/sh shim
 * maps them: fd 3 (sync) is Java's stdout pipe, fd 4 (start) is Java's stdin pipe. The shim pipes conmon's sync
 * output through {@code head}/{@code cat}: the JDK closes a child's stdout pipe once the child exits, and conmon's
 * first process exits right after forking, so without that middleman the sync message would be lost.
 */
class Conmon {
    /** conmon's sync messages carry runc's stderr, so errors arrive as one JSON line. */
    private static final String CREATE_SHIM = "\"$0\" \"$@\" 3>&1 4<&0 >/dev/null </dev/null | head -n 1";
    private static final String EXEC_SHIM = "\"$0\" \"$@\" 3>&1 4<&0 >/dev/null </dev/null | cat";

    /** How long conmon may take to report the container (or exec) created: runc create, mounts, hooks. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final ExecRootLayout layout;
    private final ObjectMapper json;
    private final String logLevel;
    private final Duration startTimeout;

    Conmon(Path binary, ExecRootLayout layout, ObjectMapper json, String logLevel) {
        this(binary, layout, json, logLevel, START_TIMEOUT);
    }

    Conmon(Path binary, ExecRootLayout layout, ObjectMapper json, String logLevel, Duration startTimeout) {
        this.binary = binary;
        this.layout = layout;
        this.json = json;
        this.logLevel = logLevel;
        this.startTimeout = startTimeout;
    }

    /** What {@link #create} needs to know of the container. */
    /** @param logSizeMax where conmon starts a new log file (its --log-size-max), -1 for never */
    record CreateRequest(String id, String name, OciRuntime runtime, Path logPath, boolean terminal, boolean stdin,
                         boolean leaveStdinOpen, long logSizeMax) {
        CreateRequest(String id, String name, OciRuntime runtime, Path logPath, boolean terminal, boolean stdin,
                      boolean leaveStdinOpen) {
            this(id, name, runtime, logPath, terminal, stdin, leaveStdinOpen, -1);
        }
    }

    /** An exec whose process is running: PID, attach socket (null unless attached), its sync pipe for the exit. */
    record ExecLaunch(long pid, SeqPacketSocket socket, BufferedReader sync, Process shim) {
    }

    List<String> createArgs(CreateRequest r) {
        List<String> args = common(r.id(), r.id(), r.runtime(), layout.bundle(r.id()), layout.initPidFile(r.id()),
                layout.exits());
        if (r.name() != null && !r.name().isEmpty()) {
            args.addAll(List.of("-n", r.name()));
        }
        args.addAll(List.of("--conmon-pidfile", layout.conmonPidFile(r.id()).toString()));
        args.addAll(List.of("-l", r.logPath() != null ? "k8s-file:" + r.logPath() : "none"));
        if (r.logPath() != null && r.logSizeMax() > 0) {
            args.addAll(List.of("--log-size-max", Long.toString(r.logSizeMax())));
        }
        if (r.stdin()) {
            args.add("-i");
        }
        if (r.terminal()) {
            args.add("-t");
        }
        if (r.stdin() && r.leaveStdinOpen()) {
            args.add("--leave-stdin-open");
        }
        return args;
    }

    List<String> execArgs(String id, String execId, OciRuntime runtime, boolean terminal, boolean stdin,
                          boolean attach) {
        Path dir = layout.execDir(id, execId);
        List<String> args = common(id, execId, runtime, dir, dir.resolve("pidfile"), dir.resolve("exit"));
        args.addAll(List.of("-l", "none", "-e", "--exec-process-spec", dir.resolve("process.json").toString()));
        if (terminal) {
            args.add("-t");
        }
        if (stdin) {
            args.add("-i");
        }
        if (attach) {
            args.add("--exec-attach");
        }
        return args;
    }

    private List<String> common(String id, String cuuid, OciRuntime runtime, Path bundle, Path pidFile,
                                Path exitDir) {
        List<String> args = new ArrayList<>(List.of("--api-version", "1", "-c", id, "-u", cuuid,
                "-r", runtime.binary().toString(), "-b", bundle.toString(), "-p", pidFile.toString(),
                "--exit-dir", exitDir.toString(), "--socket-dir-path", layout.sockets().toString(),
                "--log-level", logLevel));
        for (String arg : runtime.globalArgs()) {
            args.addAll(List.of("--runtime-arg", arg));
        }
        args.addAll(List.of("--runtime-arg", "--root", "--runtime-arg", runtime.stateRoot().toString()));
        return args;
    }

    /**
     * Runs {@code runtime create} under a new conmon; returns the container's init PID. A conmon that has not
     * reported within the start timeout is killed with what it started (its monitor has left the shim's tree by
     * then, so it is found through its pidfile).
     */
    long create(CreateRequest request) throws IOException {
        Path stderr = layout.conmonStderr(request.id());
        Process shim = start(CREATE_SHIM, createArgs(request), false, stderr);
        try (ChildProcesses.Watchdog watchdog = ChildProcesses.watchdog(shim, startTimeout);
             BufferedReader sync = reader(shim)) {
            try (OutputStream start = shim.getOutputStream()) {
                start.write(0);
            }
            String line = sync.readLine();
            waitFor(shim);
            if (watchdog.fired()) {
                killMonitor(layout.conmonPidFile(request.id()));
                throw watchdog.timeoutError("conmon (" + request.runtime().name() + " create "
                        + request.id() + ")");
            }
            if (line == null) {
                throw new IOException("conmon failed before creating the container: " + readQuietly(stderr));
            }
            SyncMessage message = SyncMessage.parse(json, line);
            if (message.failed()) {
                throw RuntimeErrors.startFailure(request.runtime().name(), "create", message.message());
            }
            return message.data();
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Kills the conmon whose PID is in {@code pidFile}, and what it runs, if it is there. */
    private static void killMonitor(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(monitor -> {
                monitor.descendants().forEach(ProcessHandle::destroyForcibly);
                monitor.destroyForcibly();
            });
        } catch (IOException | NumberFormatException e) {
            // conmon had not written it: it did not get as far as forking its monitor
        }
    }

    /**
     * Starts an exec. When attached, connects to its attach socket between conmon's "socket ready" message and
     * the second start byte, so no output is lost.
     */
    ExecLaunch exec(String id, String execId, OciRuntime runtime, boolean terminal, boolean stdin, boolean attach)
            throws IOException {
        Path dir = layout.execDir(id, execId);
        Process shim = start(EXEC_SHIM, execArgs(id, execId, runtime, terminal, stdin, attach), attach,
                dir.resolve("conmon.stderr"));
        BufferedReader sync = reader(shim);
        SeqPacketSocket socket = null;
        // until the exec's PID arrives; from then on the sync pipe stays open as long as the exec runs
        ChildProcesses.Watchdog watchdog = ChildProcesses.watchdog(shim, startTimeout);
        try {
            OutputStream start = shim.getOutputStream();
            if (attach) {
                start.write(0);
                start.flush();
                SyncMessage ready = next(sync, dir, watchdog);
                if (ready.failed()) {
                    throw RuntimeErrors.startFailure(runtime.name(), "exec", ready.message());
                }
                socket = SeqPacketSocket.connect(layout.attachSocket(execId));
            }
            start.write(0);
            start.close();
            SyncMessage pid = next(sync, dir, watchdog);
            if (pid.failed()) {
                throw RuntimeErrors.startFailure(runtime.name(), "exec", pid.message());
            }
            return new ExecLaunch(pid.data(), socket, sync, shim);
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            sync.close();
            ChildProcesses.killTree(shim);
            throw e;
        } finally {
            watchdog.close();
        }
    }

    private SyncMessage next(BufferedReader sync, Path dir, ChildProcesses.Watchdog watchdog) throws IOException {
        try {
            return next(sync, dir);
        } catch (IOException e) {
            throw watchdog.fired() ? watchdog.timeoutError("conmon (exec)") : e;
        }
    }

    /** Reads the next sync message; null line means conmon died. */
    SyncMessage next(BufferedReader sync, Path dir) throws IOException {
        String line = sync.readLine();
        if (line == null) {
            throw new IOException("conmon exited without reporting: " + readQuietly(dir.resolve("conmon.stderr")));
        }
        return SyncMessage.parse(json, line);
    }

    private Process start(String shim, List<String> args, boolean attachPipe, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", shim, binary.toString()));
        command.addAll(args);
        // "/" rather than the daemon's working directory, which may have been removed since it started
        ProcessBuilder builder = new ProcessBuilder(command).directory(new java.io.File("/"));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", RuntimeCatalog.SEARCH_PATH);
        env.put("_OCI_SYNCPIPE", "3");
        env.put("_OCI_STARTPIPE", "4");
        if (attachPipe) {
            env.put("_OCI_ATTACHPIPE", "3"); // may share the sync pipe: messages arrive in order
        }
        builder.redirectError(stderr.toFile());
        return builder.start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Waits for the shim even when the thread is interrupted (a request cut short, e.g. while the REST bundle is
     * replaced): giving up here left conmon and {@code runc init} running with no record of them. The shim ends
     * right after conmon's report, and the watchdog bounds the wait; the interrupt is kept for the caller.
     */
    static void waitFor(Process process) {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }

    static EngineException missing(Path binary) {
        return EngineException.unavailable("conmon is not installed at %s: Wharf needs it to monitor containers",
                binary);
    }
}
