package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.config.DaemonConfig.RuntimeDefinition;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.Resources;
import io.wharf.archive.DirectoryTrees;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.SeqPacketSocket;
import io.wharf.support.SecurityModules;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux execution driver: an OCI runtime (runc by default) under one conmon per container. conmon outlives
 * the daemon, writes the CRI log, serves the attach socket and records the exit code in a file; this class keeps
 * no state that cannot be rebuilt from the exec root, so a new instance adopts the containers of an old one.
 */
public final class LinuxExecutionDriver implements ExecutionDriver, AutoCloseable {
    /**
     * Annotation carrying Docker's StdinOnce ("true": the container's stdin closes when the first attached client
     * disconnects or sends EOF). Without it stdin stays open across detaches. Not passed on to the runtime.
     */
    public static final String STDIN_ONCE_ANNOTATION = "io.wharf.stdin-once";
    /** Exit code recorded for a container whose monitor died without recording one. */
    static final int UNKNOWN_EXIT_CODE = 255;

    private static final Logger LOG = LoggerFactory.getLogger(LinuxExecutionDriver.class);
    private static final Path DEFAULT_CONMON = Path.of("/usr/bin/conmon");

    /** What the driver is configured with (the DaemonConfig subset, plus knobs tests change). */
    public record Settings(Path execRoot, String defaultRuntime, Map<String, RuntimeDefinition> runtimes,
                           Path conmon, String cgroupParent, String conmonLogLevel) {
        public static Settings defaults(Path execRoot, String defaultRuntime,
                                        Map<String, RuntimeDefinition> runtimes) {
            return new Settings(execRoot, defaultRuntime, runtimes, DEFAULT_CONMON, "/wharf", "error");
        }
    }

    /** A container the driver knows: what it was created with, and whether it was adopted after a restart. */
    private static final class Container {
        final String id;
        final ContainerMetadata metadata;
        final OciRuntime runtime;
        final boolean adopted;
        volatile JsonNode process;
        volatile boolean monitorChecked;

        Container(ContainerMetadata metadata, boolean adopted) {
            this.id = metadata.id();
            this.metadata = metadata;
            this.runtime = metadata.ociRuntime();
            this.adopted = adopted;
        }
    }

    private final ObjectMapper json;
    private final ExecRootLayout layout;
    private final RuntimeCatalog runtimes;
    private final OciSpecGenerator specs;
    private final Conmon conmon;
    private final Path conmonBinary;
    private final RuntimeCli cli;
    private final Cgroups cgroups;
    private final TerminalResizer resizer;
    private final ExitWatcher exits;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService execWaiters;
    private final ConcurrentMap<String, Container> containers = new ConcurrentHashMap<>();

    /** Builds a driver for this host, making its system calls through {@code fs}. */
    public static LinuxExecutionDriver open(Settings settings, LinuxFs fs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        HostInfo host = HostInfo.detect();
        ExecRootLayout layout = new ExecRootLayout(settings.execRoot());
        SeccompConverter seccomp = new SeccompConverter(json, host.goArch(), host.kernel());
        OciSpecGenerator specs = new OciSpecGenerator(json, host, new HostDevices(fs), seccomp,
                settings.cgroupParent(), SecurityModules.detect(), AppArmorProfiles.forHost());
        RuntimeCatalog catalog = new RuntimeCatalog(settings.defaultRuntime(), settings.runtimes(),
                settings.execRoot(), RuntimeCatalog.SEARCH_PATH);
        return new LinuxExecutionDriver(json, layout, catalog, specs,
                new Conmon(settings.conmon(), layout, json, settings.conmonLogLevel()), settings.conmon(),
                new RuntimeCli(), Cgroups.host(), fs);
    }

    LinuxExecutionDriver(ObjectMapper json, ExecRootLayout layout, RuntimeCatalog runtimes, OciSpecGenerator specs,
                         Conmon conmon, Path conmonBinary, RuntimeCli cli, Cgroups cgroups, LinuxFs fs)
            throws IOException {
        this.json = json;
        this.layout = layout;
        this.runtimes = runtimes;
        this.specs = specs;
        this.conmon = conmon;
        this.conmonBinary = conmonBinary;
        this.cli = cli;
        this.cgroups = cgroups;
        Files.createDirectories(layout.containers());
        Files.createDirectories(layout.sockets());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("wharf-runtime-timer"));
        this.execWaiters = Executors.newCachedThreadPool(daemonThreads("wharf-exec-waiter"));
        this.resizer = new TerminalResizer(fs, scheduler);
        this.exits = new ExitWatcher(layout.exits(), this::oomKilled);
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public List<String> runtimes() {
        return runtimes.names();
    }

    // ---- lifecycle

    @Override
    public void create(ContainerSpec spec) throws IOException {
        OciRuntime runtime = runtimes.resolve(spec.runtime());
        if (!Files.isExecutable(conmonBinary)) {
            throw Conmon.missing(conmonBinary);
        }
        Path bundle = layout.bundle(spec.id());
        try {
            Files.createDirectory(bundle);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (status(spec.id()).state() != ContainerStatus.State.GONE) {
                throw EngineException.conflict("container %s already exists in the execution driver", spec.id());
            }
            // what a daemon killed during an earlier create left behind: no process, no runtime state to keep
            containers.remove(spec.id());
            cli.run(runtime, null, false, "delete", "--force", spec.id());
            removeFiles(spec.id());
            Files.createDirectory(bundle);
        }
        try {
            Map<String, String> annotations = spec.annotations();
            boolean stdinOnce = annotations != null && "true".equals(annotations.get(STDIN_ONCE_ANNOTATION));
            ContainerSpec ociSpec = new ContainerSpec(spec.id(), spec.name(), spec.runtime(), spec.rootfs(),
                    spec.readonlyRootfs(), spec.process(), spec.hostname(), spec.domainname(), spec.namespaces(),
                    spec.mounts(), spec.devices(), spec.security(), spec.resources(), spec.sysctls(), spec.logPath(),
                    OciSpecGenerator.withoutKey(annotations, STDIN_ONCE_ANNOTATION));
            ObjectNode config = specs.generate(ociSpec);
            Files.createDirectories(runtime.stateRoot());
            json.writeValue(layout.config(spec.id()).toFile(), config);
            ContainerMetadata metadata = ContainerMetadata.of(spec.id(), runtime, specs.cgroupsPath(spec.id()),
                    spec.process().terminal());
            json.writeValue(layout.metadata(spec.id()).toFile(), metadata);
            if (spec.logPath() != null) {
                Files.createDirectories(spec.logPath().toAbsolutePath().getParent());
            }
            conmon.create(new Conmon.CreateRequest(spec.id(), spec.name(), runtime, spec.logPath(),
                    spec.process().terminal(), spec.process().openStdin(), !stdinOnce));
            Container container = new Container(metadata, false);
            container.process = config.get("process");
            containers.put(spec.id(), container);
        } catch (IOException | RuntimeException e) {
            removeFiles(spec.id());
            throw e;
        }
    }

    @Override
    public ProcessIo attach(String id, boolean stdin) throws IOException {
        container(id);
        return new AttachConnection(connect(id, layout.attachSocket(id)), stdin, resizer, layout.ctl(id));
    }

    @Override
    public void start(String id) throws IOException {
        Container c = container(id);
        cli.check(c.runtime, "start container " + id, null, "start", id);
    }

    @Override
    public CompletionStage<ExitStatus> awaitExit(String id) {
        Container c = container(id);
        CompletableFuture<ExitStatus> exit = exits.await(id);
        if (!exit.isDone() && c.adopted && !c.monitorChecked) {
            c.monitorChecked = true;
            watchOrphan(c);
        }
        return exit;
    }

    @Override
    public ContainerStatus status(String id) throws IOException {
        Container c;
        try {
            c = container(id);
        } catch (EngineException e) {
            return new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
        }
        ExitStatus exit = exits.read(id);
        if (exit != null) {
            return stopped(exit);
        }
        if (!c.runtime.isRunc()) {
            return statusFromRuntime(c);
        }
        // runc's own rules (libcontainer's currentStatus), from files: no process spawn.
        Path state = c.runtime.stateRoot().resolve(id);
        if (!Files.exists(state.resolve("state.json"))) {
            return new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
        }
        long pid = readPid(layout.initPidFile(id));
        if (Files.exists(state.resolve("exec.fifo"))) {
            return new ContainerStatus(ContainerStatus.State.CREATED, pid, null, false);
        }
        if (pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid)))) {
            ContainerStatus.State s = cgroups.frozen(c.metadata.cgroupsPath())
                    ? ContainerStatus.State.PAUSED : ContainerStatus.State.RUNNING;
            return new ContainerStatus(s, pid, null, false);
        }
        // The process is gone and conmon is about to record its exit.
        try {
            return stopped(awaitExit(id).toCompletableFuture().get(2, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            return new ContainerStatus(ContainerStatus.State.STOPPED, 0, UNKNOWN_EXIT_CODE, false);
        }
    }

    private ContainerStatus statusFromRuntime(Container c) throws IOException {
        RuntimeCli.Result result = cli.run(c.runtime, null, true, "state", c.id);
        if (!result.ok()) {
            return new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
        }
        JsonNode state = json.readTree(result.stdout());
        long pid = state.path("pid").asLong();
        return switch (state.path("status").asText()) {
            case "created" -> new ContainerStatus(ContainerStatus.State.CREATED, pid, null, false);
            case "running" -> new ContainerStatus(ContainerStatus.State.RUNNING, pid, null, false);
            case "paused" -> new ContainerStatus(ContainerStatus.State.PAUSED, pid, null, false);
            default -> {
                ExitStatus exit = exits.read(c.id);
                yield exit != null ? stopped(exit)
                        : new ContainerStatus(ContainerStatus.State.STOPPED, 0, UNKNOWN_EXIT_CODE, false);
            }
        };
    }

    private static ContainerStatus stopped(ExitStatus exit) {
        return new ContainerStatus(ContainerStatus.State.STOPPED, 0, exit.exitCode(), exit.oomKilled());
    }

    @Override
    public void kill(String id, int signal) throws IOException {
        Container c = container(id);
        cli.check(c.runtime, "kill container " + id, null, "kill", id, Integer.toString(signal));
        if (signal == 9 && cgroups.frozen(c.metadata.cgroupsPath())) {
            // A frozen task handles SIGKILL only once thawed (as docker kill does for paused containers).
            cli.check(c.runtime, "resume container " + id, null, "resume", id);
        }
    }

    @Override
    public void pause(String id) throws IOException {
        Container c = container(id);
        cli.check(c.runtime, "pause container " + id, null, "pause", id);
    }

    @Override
    public void resume(String id) throws IOException {
        Container c = container(id);
        cli.check(c.runtime, "unpause container " + id, null, "resume", id);
    }

    @Override
    public void update(String id, Resources resources) throws IOException {
        Container c = container(id);
        byte[] body = json.writeValueAsBytes(specs.resources(resources));
        cli.check(c.runtime, "update container " + id, body, "update", "-r", "-", id);
    }

    @Override
    public void resize(String id, int height, int width) throws IOException {
        container(id);
        resizer.resize(layout.ctl(id), height, width);
    }

    // ---- exec

    @Override
    public ExecSession exec(String id, ExecSpec spec) throws IOException {
        Container c = container(id);
        Path dir = layout.execDir(id, spec.execId());
        Files.createDirectories(dir.resolve("exit"));
        boolean attach = spec.attachOutput() || spec.attachStdin();
        boolean stdin = spec.attachStdin();
        Conmon.ExecLaunch launch;
        try {
            json.writeValue(dir.resolve("process.json").toFile(), specs.execProcess(spec, containerProcess(c)));
            launch = conmon.exec(id, spec.execId(), c.runtime, spec.process().terminal(), stdin, attach);
        } catch (IOException | RuntimeException e) {
            removeExecFiles(spec.execId(), dir);
            throw e;
        }
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        execWaiters.execute(() -> awaitExecExit(spec.execId(), dir, launch, exit));
        ProcessIo io = launch.socket() == null ? null
                : new AttachConnection(launch.socket(), spec.attachStdin(), resizer, dir.resolve("ctl"));
        return new ExecSession(launch.pid(), io, exit);
    }

    /** conmon writes the exec's exit code as the last sync message, then exits (EOF). */
    private void awaitExecExit(String execId, Path dir, Conmon.ExecLaunch launch, CompletableFuture<ExitStatus> exit) {
        try (BufferedReader sync = launch.sync()) {
            SyncMessage message = conmon.next(sync, dir);
            exit.complete(new ExitStatus((int) message.data(), false, Instant.now()));
            while (sync.readLine() != null) {
                // wait for conmon to finish
            }
            launch.shim().waitFor();
        } catch (IOException | RuntimeException e) {
            exit.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit.completeExceptionally(e);
        } finally {
            removeExecFiles(execId, dir);
        }
    }

    @Override
    public void resizeExec(String id, String execId, int height, int width) throws IOException {
        container(id);
        Path ctl = layout.execDir(id, execId).resolve("ctl");
        if (!Files.exists(ctl)) {
            throw EngineException.notFound("No such exec instance: %s", execId);
        }
        resizer.resize(ctl, height, width);
    }

    // ---- inspection

    @Override
    public List<Long> pids(String id) throws IOException {
        return cgroups.pids(container(id).metadata.cgroupsPath());
    }

    @Override
    public ContainerStats stats(String id) throws IOException {
        Container c = container(id);
        return cgroups.stats(c.metadata.cgroupsPath(), readPid(layout.initPidFile(id)));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.containers())) {
            for (Path dir : dirs) {
                if (Files.exists(dir.resolve("wharf.json"))) {
                    ids.add(dir.getFileName().toString());
                }
            }
        }
        return ids;
    }

    @Override
    public void delete(String id) throws IOException {
        Container c = container(id);
        boolean exited = Files.exists(layout.exitFile(id));
        if (!(exited && c.runtime.isRunc() && destroyStoppedRuncState(c.runtime.stateRoot().resolve(id)))) {
            RuntimeCli.Result result = cli.run(c.runtime, null, false, "delete", "--force", id);
            if (!result.ok() && !RuntimeErrors.isNotFound(result.message())) {
                throw EngineException.system("cannot delete container " + id + ": " + c.runtime.name() + ": "
                        + result.message(), null);
            }
        }
        if (!exited) {
            awaitMonitorExit(id); // it was killed just now: let conmon record the exit before we clean up
        }
        exits.forget(id);
        containers.remove(id);
        removeFiles(id);
    }

    /**
     * What {@code runc delete} does for a stopped container (remove its empty cgroups, then its state), without
     * spawning runc: on the path of every {@code docker run --rm}. False, with nothing changed beyond emptied
     * cgroups, when a cgroup still holds processes or anything is unexpected: runc delete --force then does it.
     */
    private boolean destroyStoppedRuncState(Path stateDir) {
        try {
            JsonNode state = json.readTree(stateDir.resolve("state.json").toFile());
            List<Path> cgroupDirs = new ArrayList<>();
            state.path("cgroup_paths").forEach(p -> cgroupDirs.add(Path.of(p.asText())));
            for (Path dir : cgroupDirs) {
                Path procs = dir.resolve("cgroup.procs");
                if (Files.exists(procs) && !Files.readString(procs).isBlank()) {
                    return false;
                }
            }
            for (Path dir : cgroupDirs) {
                if (Files.isDirectory(dir)) {
                    Files.delete(dir); // rmdir of a cgroup
                }
            }
            try (var paths = Files.walk(stateDir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("falling back to runc delete for {}: {}", stateDir, e.toString());
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        // conmon monitors are left running on purpose: containers outlive the daemon.
        exits.close();
        scheduler.shutdownNow();
        execWaiters.shutdownNow();
    }

    // ---- helpers

    private Container container(String id) {
        Container known = containers.get(id);
        if (known != null) {
            return known;
        }
        Path metadata = layout.metadata(id);
        try {
            Container adopted = new Container(json.readValue(metadata.toFile(), ContainerMetadata.class), true);
            Container raced = containers.putIfAbsent(id, adopted);
            return raced != null ? raced : adopted;
        } catch (IOException e) {
            throw EngineException.notFound("No such container: %s", id);
        }
    }

    private JsonNode containerProcess(Container c) throws IOException {
        JsonNode process = c.process;
        if (process == null) {
            process = json.readTree(layout.config(c.id).toFile()).get("process");
            c.process = process;
        }
        return process;
    }

    private SeqPacketSocket connect(String id, Path socket) {
        long deadline = System.nanoTime() + ATTACH_SOCKET_WAIT_NANOS;
        while (true) {
            try {
                return SeqPacketSocket.connect(socket);
            } catch (LinuxException e) {
                // Right after create the monitor may not be listening yet: a missing or refusing socket is
                // retried briefly; anything else, or a socket that never comes, means the container is gone.
                boolean early = e.errno() == ENOENT || e.errno() == ECONNREFUSED;
                if (!early || System.nanoTime() > deadline) {
                    throw EngineException.conflict("cannot attach to container %s: it is not running (%s)", id,
                            e.getMessage());
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw EngineException.conflict("cannot attach to container %s: interrupted", id);
                }
            }
        }
    }

    private static final int ENOENT = 2;
    private static final int ECONNREFUSED = 111;
    private static final long ATTACH_SOCKET_WAIT_NANOS = 500_000_000L;

    private boolean oomKilled(String id) {
        Container c = containers.get(id);
        if (c == null) {
            try {
                c = container(id);
            } catch (EngineException e) {
                return false;
            }
        }
        return cgroups.oomKilled(c.metadata.cgroupsPath());
    }

    /**
     * An adopted container whose conmon is gone will never get an exit file from it: record one when its process
     * ends (at once if it already has), so awaitExit still completes.
     */
    private void watchOrphan(Container c) {
        if (monitorAlive(c.id)) {
            return;
        }
        long pid = readPid(layout.initPidFile(c.id));
        LOG.warn("the monitor of container {} is gone; its exit code will be recorded as {}", c.id,
                UNKNOWN_EXIT_CODE);
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid))) && exits.read(c.id) == null) {
                    scheduler.schedule(this, 1, TimeUnit.SECONDS);
                } else if (exits.read(c.id) == null) {
                    writeExitFile(c.id, UNKNOWN_EXIT_CODE);
                }
            }
        };
        scheduler.execute(check);
    }

    private void writeExitFile(String id, int code) {
        try {
            Path temp = layout.exits().resolve("." + id + ".tmp");
            Files.writeString(temp, Integer.toString(code));
            Files.move(temp, layout.exitFile(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("cannot record the exit of container {}: {}", id, e.toString());
        }
    }

    /** Whether the container's conmon runs: its PID from conmon.pid, confirmed by its command line. */
    boolean monitorAlive(String id) {
        long pid = readPid(layout.conmonPidFile(id));
        if (pid <= 0) {
            return false;
        }
        try {
            String[] args = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-c") && args[i + 1].equals(id)) {
                    return true;
                }
            }
            return false; // a recycled PID
        } catch (IOException e) {
            return false;
        }
    }

    /** After a forced delete conmon still writes the exit file; wait so that nothing is left behind. */
    private void awaitMonitorExit(String id) {
        for (int i = 0; i < 200 && monitorAlive(id); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long readPid(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void removeFiles(String id) throws IOException {
        Path bundle = layout.bundle(id);
        Path execs = bundle.resolve("exec");
        if (Files.isDirectory(execs)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(execs)) {
                for (Path dir : dirs) {
                    Files.deleteIfExists(layout.socketDir(dir.getFileName().toString()));
                }
            }
        }
        Files.deleteIfExists(layout.socketDir(id));
        Files.deleteIfExists(layout.exitFile(id));
        DirectoryTrees.delete(bundle);
    }

    private void removeExecFiles(String execId, Path dir) {
        try {
            Files.deleteIfExists(layout.socketDir(execId));
            DirectoryTrees.delete(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove exec files {}: {}", dir, e.toString());
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
