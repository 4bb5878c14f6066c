package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.linux.SeqPacketSocket;
import io.wharf.linux.SpawnedProcess;
import io.wharf.support.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Launches conmon, the per-container monitor that survives the daemon (it double-forks and calls setsid), and
 * speaks its sync/start pipe protocol: conmon is spawned directly (posix_spawn) with its sync pipe as fd 3 and its
 * start pipe as fd 4. Its first process exits right after forking the monitor and is reaped at once; the sync
 * pipe stays readable, as the monitor holds its write end until it has reported.
 */
class Conmon {
    private static final int SYNC_FD = 3;
    private static final int START_FD = 4;
    private static final int SIGKILL = 9;

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
    record ExecLaunch(long pid, SeqPacketSocket socket, BufferedReader sync) {
    }

    List<String> createArgs(CreateRequest r) {
        List<String> args = common(r.id(), r.id(), r.runtime(), layout.bundle(r.id()), layout.initPidFile(r.id()),
                layout.exits());
        if (r.name() != null && !r.name().isEmpty()) {
            args.addAll(List.of("-n", r.name()));
        }
        args.addAll(List.of("--conmon-pidfile", layout.conmonPidFile(r.id()).toString()));
        args.addAll(List.of("-l", r.logPath() != null ? "k8s-file:" + r.logPath() : "none"));
        if (r.logPath() != null) {
            // conmon fsyncs the log before it writes the exit file, on the path of every `run`; dockerd's
            // json-file never syncs either, and the page cache outlives a daemon crash
            args.add("--no-sync-log");
        }
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
        args.addAll(List.of("-l", "none", "-e", "--exec-process-spec", dir.resolve("process.json").toString(),
                "--conmon-pidfile", dir.resolve("conmon.pid").toString()));
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
     * reported within the start timeout is killed with what it started (its monitor is found through its pidfile).
     */
    long create(CreateRequest request) throws IOException {
        Path stderr = layout.conmonStderr(request.id());
        String what = "conmon (" + request.runtime().name() + " create " + request.id() + ")";
        try {
            SpawnedProcess conmon = spawn(createArgs(request), false, stderr);
            String line = null;
            boolean read = false;
            try (BufferedReader sync = reader(conmon); OutputStream start = conmon.toChild(START_FD)) {
                start.write(0);
                start.close();
                line = readReport(conmon, sync, layout.conmonPidFile(request.id()), what);
                read = true;
            } finally {
                reap(conmon, !read);
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

    /**
     * The next line of the sync pipe (null once conmon is gone) within the start timeout; on a timeout conmon's
     * monitor, found through its pidfile, is killed with what it started.
     */
    private String readReport(SpawnedProcess conmon, BufferedReader sync, Path monitorPidFile, String what)
            throws IOException {
        conmon.fromChild(SYNC_FD).deadline(System.nanoTime() + startTimeout.toNanos());
        try {
            return sync.readLine();
        } catch (InterruptedIOException e) {
            killMonitor(monitorPidFile);
            throw ChildProcesses.timedOut(what, startTimeout);
        } finally {
            conmon.fromChild(SYNC_FD).noDeadline();
        }
    }

    /**
     * Reaps conmon's first process, which exits as soon as it has forked the monitor; {@code kill} when the
     * protocol failed and it may still be running.
     */
    private static void reap(SpawnedProcess conmon, boolean kill) throws IOException {
        if (kill) {
            conmon.kill(SIGKILL);
        }
        conmon.waitFor();
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
        SpawnedProcess conmon = spawn(execArgs(id, execId, runtime, terminal, stdin, attach), attach,
                dir.resolve("conmon.stderr"));
        BufferedReader sync = reader(conmon);
        Path monitorPidFile = dir.resolve("conmon.pid");
        SeqPacketSocket socket = null;
        boolean launched = false;
        try (OutputStream start = conmon.toChild(START_FD)) {
            if (attach) {
                start.write(0);
                SyncMessage ready = parse(readReport(conmon, sync, monitorPidFile, "conmon (exec)"), dir);
                if (ready.failed()) {
                    throw RuntimeErrors.startFailure(runtime.name(), "exec", ready.message());
                }
                socket = connect(execId, monitorPidFile);
            }
            start.write(0);
            start.close();
            SyncMessage pid = parse(readReport(conmon, sync, monitorPidFile, "conmon (exec)"), dir);
            if (pid.failed()) {
                throw RuntimeErrors.startFailure(runtime.name(), "exec", pid.message());
            }
            launched = true;
            // from here on the monitor holds the sync pipe as long as the exec runs, and reports its exit on it
            return new ExecLaunch(pid.data(), socket, sync);
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            sync.close();
            throw e;
        } finally {
            reap(conmon, !launched);
        }
    }

    /** The exec's attach socket; a monitor that announced one that cannot be reached is stopped. */
    private SeqPacketSocket connect(String execId, Path monitorPidFile) throws IOException {
        try {
            return SeqPacketSocket.connect(layout.attachSocket(execId));
        } catch (IOException e) {
            killMonitor(monitorPidFile);
            throw e;
        }
    }

    /** Reads the next sync message; null line means conmon died. */
    SyncMessage next(BufferedReader sync, Path dir) throws IOException {
        return parse(sync.readLine(), dir);
    }

    private SyncMessage parse(String line, Path dir) throws IOException {
        if (line == null) {
            throw new IOException("conmon exited without reporting: " + readQuietly(dir.resolve("conmon.stderr")));
        }
        return SyncMessage.parse(json, line);
    }

    private SpawnedProcess spawn(List<String> args, boolean attachPipe, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(args);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", RuntimeCatalog.SEARCH_PATH);
        env.put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
        env.put("_OCI_STARTPIPE", Integer.toString(START_FD));
        if (attachPipe) {
            env.put("_OCI_ATTACHPIPE", Integer.toString(SYNC_FD)); // may share the sync pipe: messages arrive in order
        }
        return SpawnedProcess.spawn(command, env, stderr,
                List.of(SpawnedProcess.Pipe.FROM_CHILD, SpawnedProcess.Pipe.TO_CHILD));
    }

    private static BufferedReader reader(SpawnedProcess conmon) {
        return new BufferedReader(new InputStreamReader(conmon.fromChild(SYNC_FD), StandardCharsets.UTF_8));
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
