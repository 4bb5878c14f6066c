package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.config.RuntimeDefinition;
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
import io.wharf.linux.LinuxFs;
import io.wharf.support.SecurityModules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux execution driver: an OCI runtime (runc by default) under one conmon per container. conmon outlives
 * the daemon, writes the CRI log, serves the attach socket and records the exit code in a file; the driver keeps
 * no state that cannot be rebuilt from the exec root, so a new instance adopts the containers of an old one.
 * Creation and the one-command verbs are here; status, exec and removal have classes of their own.
 * {@link LinuxExecutionDriverComponent} registers it as a service.
 */
public class LinuxExecutionDriver implements ExecutionDriver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxExecutionDriver.class);
    /**
     * Annotation carrying Docker's StdinOnce ("true": the container's stdin closes when the first attached client
     * disconnects or sends EOF). Without it stdin stays open across detaches. Not passed on to the runtime.
     */
    public static final String STDIN_ONCE_ANNOTATION = "io.wharf.stdin-once";
    /**
     * Set by the engine for a rotated log: conmon then starts a new file at this size, as a file the engine has
     * prepared (the engine keeps the full one; conmon's own rollover would drop it).
     */
    public static final String LOG_SIZE_MAX_ANNOTATION = "io.wharf.log-size-max";

    private static final Path DEFAULT_CONMON = Path.of("/usr/bin/conmon");
    /** Wharf's own cgroup under the cgroupfs root, as dockerd's /docker. */
    public static final String DEFAULT_CGROUP_PARENT = "/wharf";

    /** What the driver is configured with (its RuntimeConfiguration, plus knobs tests change). */
    public record Settings(Path execRoot, String defaultRuntime, Map<String, RuntimeDefinition> runtimes,
                           Path conmon, String cgroupParent, String conmonLogLevel) {
        public static Settings defaults(Path execRoot, String defaultRuntime,
                                        Map<String, RuntimeDefinition> runtimes) {
            return new Settings(execRoot, defaultRuntime, runtimes, DEFAULT_CONMON, DEFAULT_CGROUP_PARENT, "error");
        }

        /** daemon.json cgroup-parent; with cgroupfs a relative one is taken from the root, as dockerd does. */
        public Settings withCgroupParent(String parent) {
            String trimmed = parent == null ? "" : parent.replaceAll("/+$", "");
            String absolute = trimmed.isEmpty() ? DEFAULT_CGROUP_PARENT
                    : trimmed.startsWith("/") ? trimmed : "/" + trimmed;
            return new Settings(execRoot, defaultRuntime, runtimes, conmon, absolute, conmonLogLevel);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ExecRootLayout layout;
    private final RuntimeCatalog runtimes;
    private final OciSpecGenerator specs;
    private final Conmon conmon;
    private final Path conmonBinary;
    private final RuntimeCli cli = new RuntimeCli();
    private final Cgroups cgroups = Cgroups.host();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService execWaiters;
    private final TerminalResizer resizer;
    private final ExitWatcher exits;
    private final KnownContainers containers;
    private final ConmonMonitors monitors;
    private final StatusReader statuses;
    private final ExecLauncher execs;
    private final ContainerRemover remover;
    private final InitSignals initSignals = new InitSignals(json);
    private final InitStart initStart;

    /** Builds a driver for this host, making its system calls through {@code fs}. */
    public static LinuxExecutionDriver open(Settings settings, LinuxFs fs) throws IOException {
        return new LinuxExecutionDriver(settings, fs);
    }

    /** For {@link LinuxExecutionDriverComponent}, which only adds the service's activation and deactivation. */
    protected LinuxExecutionDriver(Settings settings, LinuxFs fs) throws IOException {
        HostInfo host = HostInfo.detect();
        this.layout = new ExecRootLayout(settings.execRoot());
        this.runtimes = new RuntimeCatalog(settings.defaultRuntime(), settings.runtimes(), settings.execRoot(),
                RuntimeCatalog.SEARCH_PATH);
        this.specs = new OciSpecGenerator(json, host, new HostDevices(fs),
                new SeccompConverter(json, host.goArch(), host.kernel()), settings.cgroupParent(),
                SecurityModules.detect(), AppArmorProfiles.forHost());
        this.conmon = new Conmon(settings.conmon(), layout, json, settings.conmonLogLevel());
        this.conmonBinary = settings.conmon();
        Files.createDirectories(layout.containers());
        Files.createDirectories(layout.sockets());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("wharf-runtime-timer"));
        // idle waiters end after 5 s, not the cached pool's minute: a burst of execs leaves no crowd of threads
        this.execWaiters = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("wharf-exec-waiter"));
        this.resizer = new TerminalResizer(fs, scheduler);
        this.initStart = new InitStart(scheduler);
        this.containers = new KnownContainers(json, layout);
        this.exits = new ExitWatcher(layout.exits(), this::oomKilled);
        this.monitors = new ConmonMonitors(layout, exits, scheduler);
        this.statuses = new StatusReader(json, layout, containers, exits, monitors, cli, cgroups);
        this.execs = new ExecLauncher(json, layout, containers, specs, conmon, resizer, execWaiters);
        this.remover = new ContainerRemover(json, layout, containers, exits, monitors, cli);
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
        long begin = System.nanoTime();
        OciRuntime runtime = runtimes.resolve(spec.runtime());
        if (!Files.isExecutable(conmonBinary)) {
            throw Conmon.missing(conmonBinary);
        }
        Path bundle = layout.bundle(spec.id());
        try {
            Files.createDirectory(bundle);
        } catch (FileAlreadyExistsException e) {
            if (status(spec.id()).state() != ContainerStatus.State.GONE) {
                throw EngineException.conflict("container %s already exists in the execution driver", spec.id());
            }
            remover.deleteLeftovers(spec.id(), runtime);
            Files.createDirectory(bundle);
        }
        try {
            Map<String, String> annotations = spec.annotations();
            boolean stdinOnce = annotations != null && "true".equals(annotations.get(STDIN_ONCE_ANNOTATION));
            ContainerSpec ociSpec = new ContainerSpec(spec.id(), spec.name(), spec.runtime(), spec.rootfs(),
                    spec.readonlyRootfs(), spec.process(), spec.hostname(), spec.domainname(), spec.namespaces(),
                    spec.mounts(), spec.devices(), spec.security(), spec.resources(), spec.sysctls(), spec.logPath(),
                    OciSpecGenerator.withoutKey(OciSpecGenerator.withoutKey(annotations, STDIN_ONCE_ANNOTATION),
                            LOG_SIZE_MAX_ANNOTATION), spec.deviceCgroupRules(), spec.rootfsPropagation());
            ObjectNode config = specs.generate(ociSpec);
            Files.createDirectories(runtime.stateRoot());
            json.writeValue(layout.config(spec.id()).toFile(), config);
            ContainerMetadata metadata = ContainerMetadata.of(spec.id(), runtime, specs.cgroupsPath(spec.id()),
                    spec.process().terminal());
            json.writeValue(layout.metadata(spec.id()).toFile(), metadata);
            if (spec.logPath() != null) {
                Files.createDirectories(spec.logPath().toAbsolutePath().getParent());
            }
            long logSizeMax = annotations == null ? -1
                    : Long.parseLong(annotations.getOrDefault(LOG_SIZE_MAX_ANNOTATION, "-1"));
            long specWritten = System.nanoTime();
            conmon.create(new Conmon.CreateRequest(spec.id(), spec.name(), runtime, spec.logPath(),
                    spec.process().terminal(), spec.process().openStdin(), !stdinOnce, logSizeMax));
            KnownContainers.Container container = new KnownContainers.Container(metadata, false);
            container.process = config.get("process");
            containers.created(container);
            if (LOG.isDebugEnabled()) {
                LOG.debug("create {}: OCI spec {} ms, conmon and {} create {} ms", spec.id(),
                        (specWritten - begin) / 1_000_000, runtime.name(),
                        (System.nanoTime() - specWritten) / 1_000_000);
            }
        } catch (IOException | RuntimeException e) {
            remover.removeFiles(spec.id());
            throw e;
        }
    }

    @Override
    public ProcessIo attach(String id, boolean stdin) throws IOException {
        containers.get(id);
        return new AttachConnection(AttachConnection.connect(id, layout.attachSocket(id)), stdin, resizer,
                layout.ctl(id));
    }

    @Override
    public void start(String id) throws IOException {
        KnownContainers.Container c = containers.get(id);
        if (!(c.runtime.isRunc() && initStart.start(c.runtime.stateRoot().resolve(id),
                PidFiles.read(layout.initPidFile(id))))) {
            cli.check(c.runtime, "start container " + id, null, "start", id);
        }
    }

    @Override
    public CompletionStage<ExitStatus> awaitExit(String id) {
        return monitors.awaitExit(containers.get(id));
    }

    @Override
    public ContainerStatus status(String id) throws IOException {
        return statuses.status(id);
    }

    @Override
    public void kill(String id, int signal) throws IOException {
        KnownContainers.Container c = containers.get(id);
        if (!(c.runtime.isRunc() && initSignals.send(c.runtime.stateRoot().resolve(id), signal))) {
            cli.check(c.runtime, "kill container " + id, null, "kill", id, Integer.toString(signal));
        }
        if (signal == 9 && cgroups.frozen(c.metadata.cgroupsPath())) {
            // A frozen task handles SIGKILL only once thawed (as docker kill does for paused containers).
            cli.check(c.runtime, "resume container " + id, null, "resume", id);
        }
    }

    @Override
    public void pause(String id) throws IOException {
        KnownContainers.Container c = containers.get(id);
        cli.check(c.runtime, "pause container " + id, null, "pause", id);
    }

    @Override
    public void resume(String id) throws IOException {
        KnownContainers.Container c = containers.get(id);
        cli.check(c.runtime, "unpause container " + id, null, "resume", id);
    }

    @Override
    public void update(String id, Resources resources) throws IOException {
        KnownContainers.Container c = containers.get(id);
        byte[] body = json.writeValueAsBytes(specs.resources(resources));
        cli.check(c.runtime, "update container " + id, body, "update", "-r", "-", id);
    }

    @Override
    public void resize(String id, int height, int width) throws IOException {
        containers.get(id);
        resizer.resize(layout.ctl(id), height, width);
    }

    @Override
    public ExecSession exec(String id, ExecSpec spec) throws IOException {
        return execs.exec(id, spec);
    }

    @Override
    public void resizeExec(String id, String execId, int height, int width) throws IOException {
        execs.resize(id, execId, height, width);
    }

    // ---- inspection

    @Override
    public List<Long> pids(String id) throws IOException {
        return cgroups.pids(containers.get(id).metadata.cgroupsPath());
    }

    @Override
    public ContainerStats stats(String id) throws IOException {
        KnownContainers.Container c = containers.get(id);
        return cgroups.stats(c.metadata.cgroupsPath(), PidFiles.read(layout.initPidFile(id)));
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
        remover.delete(id);
    }

    @Override
    public void close() throws IOException {
        // conmon monitors are left running on purpose: containers outlive the daemon.
        exits.close();
        scheduler.shutdownNow();
        execWaiters.shutdownNow();
    }

    /** Whether the container's conmon runs (for tests that kill it). */
    boolean monitorAlive(String id) {
        return monitors.alive(id);
    }

    private boolean oomKilled(String id) {
        KnownContainers.Container c = containers.find(id);
        return c != null && cgroups.oomKilled(c.metadata.cgroupsPath());
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
