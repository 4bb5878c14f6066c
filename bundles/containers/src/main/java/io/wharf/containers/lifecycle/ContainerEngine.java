package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.containers.create.Capabilities;
import io.wharf.containers.create.EtcFiles;
import io.wharf.containers.create.HostConfigValidator;
import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.create.SpecBuilder;
import io.wharf.containers.create.UserResolver;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import io.wharf.containers.store.PendingAttach;
import io.wharf.containers.store.StartedRun;
import io.wharf.containers.support.Signals;
import io.wharf.support.AtomicFiles;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container state machine as dockerd runs it: start, stop, kill, restart, pause, remove, rename, update,
 * the exit handling with restart policies and auto-removal, health monitors, and the reconciliation with the
 * execution driver at startup.
 */
public final class ContainerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerEngine.class);
    static final int DEFAULT_STOP_TIMEOUT = 10;
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final ContainerStore store;
    private final ContainerIndex index;
    private final ContainerLayerStore layers;
    private final ExecutionDriver driver;
    private final Events events;
    private final EngineSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final HostConfigValidator validator;
    private final ContainerNetworks networks;
    private final ContainerVolumes volumes;
    private final Map<String, RestartManager> restartManagers = new ConcurrentHashMap<>();
    private final Map<String, HealthMonitor> healthMonitors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ContainerEngine(ContainerStore store, ContainerIndex index, ContainerLayerStore layers,
                           ExecutionDriver driver, Events events, EngineSettings settings,
                           ScheduledExecutorService scheduler, ExecutorService workers, ContainerNetworks networks,
                           ContainerVolumes volumes) {
        this.store = store;
        this.index = index;
        this.layers = layers;
        this.driver = driver;
        this.events = events;
        this.settings = settings;
        this.scheduler = scheduler;
        this.workers = workers;
        this.networks = networks;
        this.volumes = volumes;
        this.validator = new HostConfigValidator(settings.onlineCpus(), runtimes(driver),
                settings.defaultRuntime(), settings.securityModules());
    }

    private static List<String> runtimes(ExecutionDriver driver) {
        List<String> r = driver.runtimes();
        return r == null || r.isEmpty() ? List.of("runc") : r;
    }

    public HostConfigValidator validator() {
        return validator;
    }

    public ContainerIndex index() {
        return index;
    }

    public Events events() {
        return events;
    }

    public ExecutionDriver driver() {
        return driver;
    }

    /** docker network connect: remembered for later starts, plugged in now when the container runs. */
    public void connectNetwork(Container c, String network, EndpointRecord config) throws IOException {
        c.operationLock().lock();
        try {
            if (c.isRemoved()) {
                throw EngineException.notFound("No such container: %s", c.id());
            }
            networks.connect(c, network, config);
            persist(c);
        } finally {
            c.operationLock().unlock();
        }
    }

    /** docker network disconnect [-f]. */
    public void disconnectNetwork(Container c, String network, boolean force) throws IOException {
        c.operationLock().lock();
        try {
            networks.disconnect(c, network, force);
            persist(c);
        } finally {
            c.operationLock().unlock();
        }
    }

    /** Stops monitoring (the containers keep running in the driver); a new engine re-adopts them. */
    public void close() {
        closed = true;
        healthMonitors.values().forEach(HealthMonitor::stop);
        healthMonitors.clear();
    }

    // ------------------------------------------------------------------ persistence

    /**
     * Saves the container after a change a client asked for; a failure (a full disk) fails the operation, so
     * what a client was told succeeded is what the next start finds.
     */
    void persist(Container c) {
        synchronized (c) {
            if (c.isRemoved()) {
                return;
            }
            try {
                store.save(c);
            } catch (IOException e) {
                throw EngineException.system("cannot save the state of container " + c.id() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Saves a fact nobody waits for (an exit, a health result, what a restart found): it happened whether or not
     * it is saved, and the next start reconciles the stored state with the runtime's.
     */
    void persistQuietly(Container c) {
        try {
            persist(c);
        } catch (EngineException e) {
            LOG.warn(e.getMessage());
        }
    }

    private RestartManager restartManager(Container c) {
        return restartManagers.computeIfAbsent(c.id(), id -> {
            synchronized (c) {
                return new RestartManager(c.hostConfig().restartPolicy, c.record().restartCount);
            }
        });
    }

    // ------------------------------------------------------------------ start

    public void start(Container c) {
        c.operationLock().lock();
        try {
            synchronized (c) {
                StateRecord s = c.state();
                if (c.isRemoved() || s.removalInProgress || s.dead) {
                    throw EngineException.conflict("container is marked for removal and cannot be started");
                }
                if (s.running && s.paused) {
                    throw EngineException.conflict("cannot start a paused container, try unpause instead");
                }
                if (s.running) {
                    throw new EngineException(ErrorKind.NOT_MODIFIED, "container already started");
                }
            }
            startLocked(c, true);
        } finally {
            c.operationLock().unlock();
        }
    }

    /** Starts the container's process; the caller holds the operation lock. */
    private void startLocked(Container c, boolean manual) {
        finishExit(c); // the previous run's clean-up first, or it would release what this start sets up
        String lost = c.hostConfigProblem();
        if (lost != null) { // its confinement is unknown: fail closed
            throw EngineException.conflict("cannot start container %s: %s; remove it and create it again", c.id(),
                    lost);
        }
        if (manual) {
            RestartManager old = restartManagers.remove(c.id());
            if (old != null) {
                old.cancel();
            }
            synchronized (c) {
                c.record().hasBeenManuallyStopped = false;
                c.record().restartCount = 0;
            }
        }
        Path rootfs = null;
        boolean driverCreated = false;
        boolean volumesMounted = false;
        List<PendingAttach> attaches = List.of();
        try {
            rootfs = layers.mount(c.id());
            ContainerRecord record = c.record();
            HostConfig hc = c.hostConfig();
            volumes.mountAll(c, rootfs);
            volumesMounted = true;
            UserResolver.ResolvedUser user = UserResolver.resolve(rootfs, record.config.user, hc.groupAdd);
            SpecBuilder.StartContext ctx = prepare(c, rootfs, user);
            ContainerSpec spec;
            synchronized (c) {
                spec = SpecBuilder.build(record, hc, hc.runtime == null ? settings.defaultRuntime() : hc.runtime,
                        ctx, settings.securityModules());
            }
            deleteStale(c.id());
            driver.create(spec);
            driverCreated = true;
            if (NetworkMode.parse(hc.networkMode).usesNetworkService()) {
                connectNetworks(c, ctx);
            }
            attaches = c.takePendingAttaches();
            for (PendingAttach a : attaches) {
                try {
                    a.connect(driver.attach(c.id(), a.stdin()));
                } catch (IOException | RuntimeException e) {
                    a.fail(e);
                }
            }
            driver.start(c.id());
            long pid = driver.status(c.id()).pid();
            long generation = c.nextRunGeneration();
            c.setRun(new StartedRun(generation, rootfs, user.uid(), user.gid(), user.additionalGids(),
                    spec.process().env(), spec.security().capabilities()));
            Healthcheck check;
            synchronized (c) {
                StateRecord s = c.state();
                s.running = true;
                s.paused = false;
                s.restarting = false;
                s.pid = pid;
                s.exitCode = 0;
                s.error = "";
                s.oomKilled = false;
                s.startedAt = Times.rfc3339Nano(Instant.now());
                record.hasBeenStartedBefore = true;
                check = record.config.healthcheck;
                s.health = HealthMonitor.probeCommand(check, record.config.shell) == null ? null
                        : new StateRecord.Health();
            }
            persist(c);
            events.container(c, "start");
            startHealthMonitor(c, check);
            driver.awaitExit(c.id()).whenComplete((exit, error) -> onExit(c, generation, exit, error));
        } catch (Exception e) {
            for (PendingAttach a : attaches) {
                a.fail(e);
            }
            if (driverCreated) {
                deleteQuietly(c.id());
            }
            networks.releaseAll(c);
            if (volumesMounted) {
                volumes.unmountAll(c);
            }
            if (rootfs != null) {
                unmountQuietly(c.id());
            }
            c.setRun(null);
            StartErrors.Failure failure = StartErrors.classify(e);
            boolean autoRemove;
            synchronized (c) {
                StateRecord s = c.state();
                s.running = false;
                s.restarting = false;
                s.pid = 0;
                s.error = failure.error().getMessage();
                s.exitCode = failure.exitCode();
                autoRemove = c.hostConfig().autoRemove;
            }
            persistQuietly(c);
            c.notifyStopped();
            if (autoRemove) {
                workers.execute(() -> autoRemove(c));
            }
            throw failure.error();
        }
    }

    /** Writes hostname, hosts and resolv.conf and finds the namespaces to join. */
    private SpecBuilder.StartContext prepare(Container c, Path rootfs, UserResolver.ResolvedUser user)
            throws IOException {
        HostConfig hc = c.hostConfig();
        ContainerRecord record = c.record();
        NetworkMode network = NetworkMode.parse(hc.networkMode);
        String netns = null;
        Path hostname = c.dir().resolve("hostname");
        Path hosts = c.dir().resolve("hosts");
        Path resolv = c.dir().resolve("resolv.conf");
        if (network.kind() == NetworkMode.Kind.CONTAINER) {
            Container other = runningPeer(network.container(), "network");
            netns = "/proc/" + other.state().pid + "/ns/net";
            synchronized (other) {
                hostname = pathOrNull(other.record().hostnamePath);
                hosts = pathOrNull(other.record().hostsPath);
                resolv = pathOrNull(other.record().resolvConfPath);
            }
        } else {
            boolean hostNetwork = network.kind() == NetworkMode.Kind.HOST;
            AtomicFiles.write(hostname, EtcFiles.hostname(record.config.hostname).getBytes(StandardCharsets.UTF_8));
            String hostsContent = hostNetwork ? EtcFiles.hostHosts(readHostFile(settings.hostHosts()),
                    hc.extraHosts) : EtcFiles.hosts(record.config.hostname, record.config.domainname,
                    hc.extraHosts);
            AtomicFiles.write(hosts, hostsContent.getBytes(StandardCharsets.UTF_8));
            List<String> dns = hc.dns;
            if ((dns == null || dns.isEmpty()) && network.usesNetworkService()) {
                String embedded = networks.dnsServer(c);
                dns = embedded == null ? null : List.of(embedded);
            }
            AtomicFiles.write(resolv, EtcFiles.resolvConf(readHostFile(settings.hostResolvConf()), hostNetwork,
                    dns, hc.dnsSearch, hc.dnsOptions).getBytes(StandardCharsets.UTF_8));
        }
        String pidns = null;
        if (hc.pidMode != null && hc.pidMode.startsWith("container:")) {
            pidns = "/proc/" + runningPeer(hc.pidMode.substring(10), "PID").state().pid + "/ns/pid";
        }
        String ipcns = null;
        if (hc.ipcMode != null && hc.ipcMode.startsWith("container:")) {
            ipcns = "/proc/" + runningPeer(hc.ipcMode.substring(10), "IPC").state().pid + "/ns/ipc";
        }
        Path init = null;
        if (hc.initEnabled()) {
            init = settings.initBinary();
            if (init == null) {
                throw EngineException.invalid("--init requested but no docker-init (tini) binary is installed "
                        + "on the host");
            }
        }
        if (hc.devices != null) {
            for (HostConfig.DeviceMapping d : hc.devices) {
                if (!Files.exists(Path.of(d.pathOnHost))) {
                    throw EngineException.invalid("error gathering device information while adding custom device "
                            + "\"%s\": no such file or directory", d.pathOnHost);
                }
            }
        }
        synchronized (c) {
            record.hostnamePath = hostname == null ? "" : hostname.toString();
            record.hostsPath = hosts == null ? "" : hosts.toString();
            record.resolvConfPath = resolv == null ? "" : resolv.toString();
        }
        return new SpecBuilder.StartContext(rootfs, user, hostname, hosts, resolv, netns, pidns, ipcns, init,
                Path.of(record.logPath));
    }

    /**
     * Plugs the new namespace into the container's networks (its process waits before the user's program), then
     * gives /etc/hosts the container's address and its --link entries; the file is rewritten in place because
     * it is bind-mounted already.
     */
    private void connectNetworks(Container c, SpecBuilder.StartContext ctx) throws IOException {
        long pid = driver.status(c.id()).pid();
        List<Links.Link> links = Links.parse(c.hostConfig().links);
        String address = networks.connectAll(c, pid, Links.dnsEntries(links, index));
        if (ctx.hostsFile() == null || !ctx.hostsFile().startsWith(c.dir())) {
            return;
        }
        ContainerRecord record = c.record();
        String content;
        synchronized (c) {
            content = EtcFiles.hosts(record.config.hostname, record.config.domainname, c.hostConfig().extraHosts,
                    address, Links.hostsEntries(links, index));
        }
        Files.write(ctx.hostsFile(), content.getBytes(StandardCharsets.UTF_8));
    }

    private Container runningPeer(String ref, String what) {
        Container other = index.get(ref);
        synchronized (other) {
            if (!other.state().running || other.state().pid <= 0) {
                throw EngineException.conflict("cannot join %s namespace of a non running container: %s", what,
                        other.id());
            }
        }
        return other;
    }

    private static Path pathOrNull(String s) {
        return s == null || s.isEmpty() ? null : Path.of(s);
    }

    private static String readHostFile(Path file) {
        try {
            return file == null ? "" : Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private void deleteStale(String id) {
        try {
            if (driver.status(id).state() != ContainerStatus.State.GONE) {
                driver.delete(id);
            }
        } catch (EngineException | IOException ignored) {
            // unknown to the driver: nothing to clean
        }
    }

    private void deleteQuietly(String id) {
        try {
            driver.delete(id);
        } catch (EngineException | IOException e) {
            LOG.debug("driver delete of {} failed: {}", id, e.toString());
        }
    }

    private void unmountQuietly(String id) {
        try {
            layers.unmount(id);
        } catch (IOException | RuntimeException e) {
            LOG.debug("unmount of {} failed: {}", id, e.toString());
        }
    }

    private void startHealthMonitor(Container c, Healthcheck check) {
        HealthMonitor old = healthMonitors.remove(c.id());
        if (old != null) {
            old.stop();
        }
        if (HealthMonitor.probeCommand(check, c.record().config.shell) == null) {
            return;
        }
        HealthMonitor monitor = new HealthMonitor(c, check, driver, events, scheduler, workers,
                () -> persistQuietly(c));
        healthMonitors.put(c.id(), monitor);
        monitor.start();
    }

    private void stopHealthMonitor(Container c) {
        HealthMonitor m = healthMonitors.remove(c.id());
        if (m != null) {
            m.stop();
        }
    }

    // ------------------------------------------------------------------ exit

    /**
     * moby's handleContainerExit. The exit is recorded at once (operations waiting for it under the operation lock
     * go on); its clean-up (driver state, networks, volumes, rootfs, the die event, a restart or auto-removal)
     * runs under the operation lock, by this handler or by whichever operation takes the lock first, so that a
     * start issued right after the exit never meets a clean-up still releasing what it is setting up.
     */
    void onExit(Container c, long generation, ExitStatus exit, Throwable error) {
        if (closed) {
            return;
        }
        ExitStatus status = exit != null ? exit : new ExitStatus(255, false, Instant.now());
        if (error != null) {
            LOG.warn("lost track of container {}: {}", c.id(), error.toString());
        }
        synchronized (c) {
            if (c.runGeneration() != generation || c.isRemoved() || !c.state().running) {
                return;
            }
            StateRecord s = c.state();
            Instant started = Times.parseRfc3339(s.startedAt);
            Instant finished = status.finishedAt() == null ? Instant.now() : status.finishedAt();
            long ranForMillis = started == null ? 0 : Math.max(0, Duration.between(started, finished).toMillis());
            Duration restartDelay = restartManager(c).shouldRestart(status.exitCode(),
                    c.record().hasBeenManuallyStopped, Duration.ofMillis(ranForMillis));
            s.exitCode = status.exitCode();
            s.oomKilled = status.oomKilled();
            s.finishedAt = Times.rfc3339Nano(finished);
            s.pid = 0;
            s.paused = false;
            if (restartDelay != null) {
                s.restarting = true;
                c.record().restartCount++;
            } else {
                s.running = false;
                s.restarting = false;
            }
            boolean autoRemove = c.hostConfig().autoRemove;
            c.exited(() -> cleanUpAfterExit(c, generation, status, ranForMillis, restartDelay, autoRemove));
        }
        if (c.operationLock().tryLock()) {
            try {
                finishExit(c);
            } finally {
                c.operationLock().unlock();
            }
            return;
        }
        try {
            workers.execute(() -> { // the lock holder may take a while: the exit watcher's thread does not wait
                c.operationLock().lock();
                try {
                    finishExit(c);
                } finally {
                    c.operationLock().unlock();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the next daemon reconciles the container
        }
    }

    /** Runs the clean-up an exit left owed, if any; the caller holds the container's operation lock. */
    private static void finishExit(Container c) {
        Runnable owed = c.takeExitCleanup();
        if (owed != null) {
            owed.run();
        }
    }

    private void cleanUpAfterExit(Container c, long generation, ExitStatus status, long ranForMillis,
                                  Duration restartDelay, boolean autoRemove) {
        stopHealthMonitor(c);
        c.setRun(null);
        deleteQuietly(c.id());
        networks.releaseAll(c);
        volumes.unmountAll(c);
        unmountQuietly(c.id());
        persistQuietly(c);
        c.notifyStopped();
        if (status.oomKilled()) {
            events.container(c, "oom");
        }
        events.container(c, "die", Map.of("exitCode", Integer.toString(status.exitCode()),
                "execDuration", Long.toString(ranForMillis / 1000)));
        if (restartDelay != null) {
            scheduler.schedule(() -> workers.execute(() -> restartByPolicy(c, generation)),
                    restartDelay.toMillis(), TimeUnit.MILLISECONDS);
        } else if (autoRemove) {
            workers.execute(() -> autoRemove(c));
        }
    }

    private void restartByPolicy(Container c, long generation) {
        c.operationLock().lock();
        try {
            synchronized (c) {
                if (closed || c.isRemoved() || c.runGeneration() != generation || !c.state().restarting) {
                    return;
                }
            }
            if (restartManager(c).canceled()) {
                markStopped(c);
                return;
            }
            try {
                startLocked(c, false);
            } catch (EngineException e) {
                LOG.warn("restart of container {} failed: {}", c.id(), e.getMessage());
            }
        } finally {
            c.operationLock().unlock();
        }
    }

    /** Ends a pending restart: the container stays stopped. */
    private boolean markStopped(Container c) {
        synchronized (c) {
            if (!c.state().restarting) {
                return false;
            }
            c.state().running = false;
            c.state().restarting = false;
        }
        persistQuietly(c);
        c.notifyStopped();
        return true;
    }

    private void autoRemove(Container c) {
        try {
            remove(c, true, true);
        } catch (EngineException e) {
            LOG.debug("auto-removal of {}: {}", c.id(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ stop, kill, restart

    /** docker stop: the stop signal, then SIGKILL after the timeout (negative: wait forever). */
    public void stop(Container c, Integer timeoutSeconds, String signal) {
        int sig = signal == null || signal.isEmpty() ? Signals.stopSignal(c.record().config.stopSignal)
                : Signals.parse(signal);
        c.operationLock().lock();
        try {
            if (!c.isRunning()) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container already stopped");
            }
            stopLocked(c, timeoutSeconds, sig);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "stop");
    }

    private void stopLocked(Container c, Integer timeoutSeconds, int signal) {
        int timeout;
        synchronized (c) {
            c.record().hasBeenManuallyStopped = true;
            Integer configured = c.record().config.stopTimeout;
            timeout = timeoutSeconds != null ? timeoutSeconds : configured != null ? configured
                    : DEFAULT_STOP_TIMEOUT;
        }
        persistQuietly(c);
        restartManager(c).cancel();
        if (markStopped(c)) {
            finishExit(c);
            return; // it was waiting for a policy restart: no process to signal
        }
        CompletableFuture<Integer> stopped = c.waitForExit();
        Duration wait = timeout < 0 ? null : Duration.ofSeconds(timeout);
        try {
            signal(c, signal);
        } catch (EngineException | IOException e) {
            wait = Duration.ofSeconds(2); // it may be exiting already
        }
        if (!await(stopped, wait)) {
            try {
                signal(c, Signals.SIGKILL);
            } catch (EngineException | IOException e) {
                LOG.debug("SIGKILL of {} failed: {}", c.id(), e.toString());
            }
            if (!await(stopped, KILL_WAIT)) {
                throw EngineException.system("container " + c.id() + " did not exit within "
                        + (timeout + KILL_WAIT.toSeconds()) + " seconds of being stopped", null);
            }
        }
        finishExit(c);
    }

    private static boolean await(CompletableFuture<Integer> future, Duration timeout) {
        try {
            if (timeout == null) {
                future.get();
            } else {
                future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Sends a signal, with the kill event; a paused container is resumed so that it can act on it. */
    private void signal(Container c, int sig) throws IOException {
        driver.kill(c.id(), sig);
        events.container(c, "kill", Map.of("signal", Integer.toString(sig)));
        if (c.isPaused() && (sig == Signals.SIGKILL || sig == Signals.stopSignal(c.record().config.stopSignal))) {
            try {
                driver.resume(c.id());
                synchronized (c) {
                    c.state().paused = false;
                }
                persistQuietly(c);
            } catch (IOException | EngineException e) {
                LOG.debug("resume of {} after signal failed: {}", c.id(), e.toString());
            }
        }
    }

    /** docker kill. */
    public void kill(Container c, String signal) {
        int sig = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
        c.operationLock().lock();
        try {
            synchronized (c) {
                if (!c.state().running) {
                    throw EngineException.conflict("Cannot kill container: %s: container %s is not running",
                            c.name().substring(1), c.id());
                }
                if (c.state().restarting) {
                    throw EngineException.conflict("Cannot kill container: %s: container %s is restarting, wait "
                            + "until the container is running", c.name().substring(1), c.id());
                }
            }
            String stopSignal = c.record().config.stopSignal;
            // moby's ExitOnNext: killing with the stop signal (or any signal when none is set) ends restarts
            if (sig == Signals.SIGKILL || stopSignal == null || stopSignal.isEmpty()
                    || Signals.stopSignal(stopSignal) == sig) {
                restartManager(c).cancel();
            }
            CompletableFuture<Integer> stopped = c.waitForExit();
            try {
                signal(c, sig);
            } catch (IOException e) {
                throw EngineException.system("Cannot kill container " + c.id() + ": " + e.getMessage(), e);
            }
            if (sig == Signals.SIGKILL && !await(stopped, KILL_WAIT)) {
                throw EngineException.system("container " + c.id() + " did not exit after SIGKILL", null);
            }
            if (stopped.isDone()) {
                finishExit(c);
            } else {
                c.cancelWait(stopped);
            }
        } finally {
            c.operationLock().unlock();
        }
    }

    public void restart(Container c, Integer timeoutSeconds, String signal) {
        int sig = signal == null || signal.isEmpty() ? Signals.stopSignal(c.record().config.stopSignal)
                : Signals.parse(signal);
        c.operationLock().lock();
        try {
            if (c.isRunning()) {
                stopLocked(c, timeoutSeconds, sig);
                events.container(c, "stop");
            }
            synchronized (c) {
                if (c.isRemoved() || c.state().removalInProgress) {
                    throw EngineException.conflict("container is marked for removal and cannot be started");
                }
            }
            startLocked(c, true);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "restart");
    }

    // ------------------------------------------------------------------ pause

    public void pause(Container c) {
        c.operationLock().lock();
        try {
            synchronized (c) {
                StateRecord s = c.state();
                if (!s.running) {
                    throw EngineException.conflict("Container %s is not running", c.id());
                }
                if (s.paused) {
                    throw EngineException.conflict("Container %s is already paused", c.id());
                }
                if (s.restarting) {
                    throw EngineException.conflict("Container %s is restarting, wait until the container is "
                            + "running", c.id());
                }
            }
            try {
                driver.pause(c.id());
            } catch (IOException e) {
                throw EngineException.system("Cannot pause container " + c.id() + ": " + e.getMessage(), e);
            }
            synchronized (c) {
                c.state().paused = true;
            }
            persist(c);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "pause");
    }

    public void unpause(Container c) {
        c.operationLock().lock();
        try {
            synchronized (c) {
                if (!c.state().running || !c.state().paused) {
                    throw EngineException.conflict("Container %s is not paused", c.id());
                }
            }
            try {
                driver.resume(c.id());
            } catch (IOException e) {
                throw EngineException.system("Cannot unpause container " + c.id() + ": " + e.getMessage(), e);
            }
            synchronized (c) {
                c.state().paused = false;
            }
            persist(c);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "unpause");
    }

    // ------------------------------------------------------------------ remove

    /** docker rm: refuses running containers unless forced; removes the layer, the driver state and the folder. */
    public void remove(Container c, boolean force) {
        remove(c, force, false);
    }

    /** docker rm [-f] [-v]: -v also removes the container's anonymous volumes. */
    public void remove(Container c, boolean force, boolean removeVolumes) {
        c.operationLock().lock();
        try {
            synchronized (c) {
                StateRecord s = c.state();
                if (c.isRemoved()) {
                    throw EngineException.notFound("No such container: %s", c.id());
                }
                if (s.removalInProgress) {
                    throw EngineException.conflict("removal of container %s is already in progress", c.id());
                }
                if (s.running && !force) {
                    if (s.paused) {
                        throw EngineException.conflict("You cannot remove a paused container %s. Unpause and then "
                                + "stop the container before attempting removal or force remove", c.id());
                    }
                    if (s.restarting) {
                        throw EngineException.conflict("You cannot remove a restarting container %s. Stop the "
                                + "container before attempting removal or force remove", c.id());
                    }
                    throw EngineException.conflict("You cannot remove a running container %s. Stop the container "
                            + "before attempting removal or force remove", c.id());
                }
            }
            if (c.isRunning()) {
                restartManager(c).cancel();
                if (!markStopped(c)) {
                    CompletableFuture<Integer> stopped = c.waitForExit();
                    try {
                        signal(c, Signals.SIGKILL);
                    } catch (IOException | EngineException e) {
                        LOG.debug("SIGKILL of {} failed: {}", c.id(), e.toString());
                    }
                    if (!await(stopped, KILL_WAIT)) {
                        throw EngineException.system("Could not kill running container " + c.id()
                                + ", cannot remove", null);
                    }
                }
            }
            finishExit(c);
            synchronized (c) {
                c.state().removalInProgress = true;
            }
            persist(c); // a daemon that dies before the end finishes the removal at its next start
            stopHealthMonitor(c);
            deleteStale(c.id());
            try {
                layers.remove(c.id());
            } catch (IOException | RuntimeException e) {
                synchronized (c) {
                    c.state().removalInProgress = false;
                    c.state().dead = true;
                }
                persistQuietly(c);
                throw EngineException.system("unable to remove filesystem for " + c.id() + ": " + e.getMessage(),
                        e);
            }
            try {
                store.delete(c.id());
            } catch (IOException e) {
                LOG.warn("cannot delete the folder of container {}: {}", c.id(), e.toString());
            }
            index.remove(c);
            restartManagers.remove(c.id());
            c.markRemoved();
            if (removeVolumes) {
                ContainerRecord record;
                synchronized (c) {
                    record = c.record();
                }
                volumes.removeAnonymous(record);
            }
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "destroy");
    }

    // ------------------------------------------------------------------ rename, update

    public void rename(Container c, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw EngineException.invalid("Neither old nor new names may be empty");
        }
        String name = ContainerIndex.normalizeName(newName);
        String old;
        synchronized (c) {
            old = c.record().name;
            if (old.equals(name)) {
                throw EngineException.invalid("Renaming a container with the same name as its current name");
            }
            index.reserveName(name, c.id());
            c.record().name = name;
        }
        try {
            persist(c);
        } catch (EngineException e) {
            synchronized (c) {
                c.record().name = old;
            }
            index.releaseName(name, c.id());
            throw e;
        }
        index.releaseName(old, c.id());
        events.container(c, "rename", Map.of("oldName", old));
    }

    /** docker update: resources (applied live to a running container) and the restart policy. */
    public List<String> update(Container c, HostConfig changes, java.util.Set<String> fields) {
        c.operationLock().lock();
        try {
            HostConfig hc = c.hostConfig();
            HostConfig merged = copy(hc);
            applyResourceChanges(merged, changes, fields);
            if (fields.contains("RestartPolicy") && changes.restartPolicy != null) {
                if (hc.autoRemove && !changes.restartPolicy.isNone()) {
                    throw EngineException.invalid("Restart policy cannot be updated because AutoRemove is enabled "
                            + "for the container");
                }
                HostConfigValidator.validateRestartPolicy(changes.restartPolicy, false);
                merged.restartPolicy = changes.restartPolicy;
                if (merged.restartPolicy.name == null || merged.restartPolicy.name.isEmpty()) {
                    merged.restartPolicy.name = "no";
                }
            }
            List<String> warnings = validator.validateResources(merged);
            if (c.isRunning()) {
                try {
                    driver.update(c.id(), SpecBuilder.resources(merged));
                } catch (IOException e) {
                    throw EngineException.system("Cannot update container " + c.id() + ": " + e.getMessage(), e);
                }
            }
            c.setHostConfig(merged);
            try {
                persist(c);
            } catch (EngineException e) {
                c.setHostConfig(hc);
                if (c.isRunning()) {
                    try {
                        driver.update(c.id(), SpecBuilder.resources(hc)); // the limits it had, as stored
                    } catch (IOException | RuntimeException revertFailed) {
                        e.addSuppressed(revertFailed);
                    }
                }
                throw e;
            }
            RestartManager rm = restartManagers.get(c.id());
            if (rm != null) {
                rm.setPolicy(merged.restartPolicy);
            }
            events.container(c, "update");
            return warnings;
        } finally {
            c.operationLock().unlock();
        }
    }

    private static HostConfig copy(HostConfig hc) {
        return io.wharf.containers.support.Json.MAPPER.convertValue(hc, HostConfig.class);
    }

    private static void applyResourceChanges(HostConfig target, HostConfig changes, java.util.Set<String> fields) {
        if (fields.contains("CpuShares")) {
            target.cpuShares = changes.cpuShares;
        }
        if (fields.contains("Memory")) {
            target.memory = changes.memory;
        }
        if (fields.contains("NanoCpus")) {
            target.nanoCpus = changes.nanoCpus;
        }
        if (fields.contains("CpuPeriod")) {
            target.cpuPeriod = changes.cpuPeriod;
        }
        if (fields.contains("CpuQuota")) {
            target.cpuQuota = changes.cpuQuota;
        }
        if (fields.contains("CpusetCpus")) {
            target.cpusetCpus = changes.cpusetCpus;
        }
        if (fields.contains("CpusetMems")) {
            target.cpusetMems = changes.cpusetMems;
        }
        if (fields.contains("MemoryReservation")) {
            target.memoryReservation = changes.memoryReservation;
        }
        if (fields.contains("MemorySwap")) {
            target.memorySwap = changes.memorySwap;
        }
        if (fields.contains("PidsLimit")) {
            target.pidsLimit = changes.pidsLimit;
        }
        if (fields.contains("BlkioWeight")) {
            target.blkioWeight = changes.blkioWeight;
        }
        if (fields.contains("CpuRealtimePeriod")) {
            target.cpuRealtimePeriod = changes.cpuRealtimePeriod;
        }
        if (fields.contains("CpuRealtimeRuntime")) {
            target.cpuRealtimeRuntime = changes.cpuRealtimeRuntime;
        }
        // moby: a new memory limit above the old swap limit without a swap value moves swap along
        if (fields.contains("Memory") && !fields.contains("MemorySwap") && target.memorySwap > 0
                && target.memory > target.memorySwap) {
            target.memorySwap = target.memory;
        }
    }

    // ------------------------------------------------------------------ attach, resize

    /**
     * Connects to the container's stdio: at once when it runs, else at its next start (docker run and
     * docker start -a attach first, then start).
     */
    public CompletableFuture<ProcessIo> attach(Container c, boolean stdin) {
        synchronized (c) {
            StateRecord s = c.state();
            if (s.running && s.paused) {
                throw EngineException.conflict("container %s is paused, unpause the container before attaching",
                        c.id());
            }
            if (s.running && s.restarting) {
                throw EngineException.conflict("cannot attach to a restarting container");
            }
            if (!s.running) {
                PendingAttach pending = new PendingAttach(stdin);
                c.addPendingAttach(pending);
                pending.connection().whenComplete((io, e) -> c.removePendingAttach(pending));
                return pending.connection();
            }
        }
        try {
            return CompletableFuture.completedFuture(driver.attach(c.id(), stdin));
        } catch (IOException e) {
            throw EngineException.system("cannot attach to container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    public void resize(Container c, int height, int width) {
        if (!c.isRunning()) {
            throw EngineException.conflict("Container %s is not running", c.id());
        }
        try {
            driver.resize(c.id(), height, width);
        } catch (IOException e) {
            throw EngineException.system("cannot resize container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ startup

    /** Loads the stored containers and reconciles them with what the driver knows. */
    public void load() throws IOException {
        List<Container> loaded = store.loadAll();
        for (Container c : loaded) {
            index.reserveName(c.name(), c.id());
            index.add(c);
        }
        List<Container> toRestart = new ArrayList<>();
        List<Container> halfRemoved = new ArrayList<>();
        for (Container c : loaded) {
            boolean removing;
            synchronized (c) {
                removing = c.state().removalInProgress;
            }
            try {
                if (reconcile(c)) {
                    toRestart.add(c);
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("cannot reconcile container {}: {}", c.id(), e.toString());
            }
            if (removing) {
                halfRemoved.add(c);
            }
        }
        for (Container c : halfRemoved) { // as moby: a removal the previous daemon did not finish is finished
            LOG.info("finishing the removal of container {} begun before the daemon stopped", c.id());
            try {
                remove(c, true, true);
            } catch (EngineException e) {
                LOG.warn("cannot finish removing container {}: {}", c.id(), e.getMessage());
            }
            toRestart.remove(c);
        }
        for (Container c : toRestart) {
            workers.execute(() -> {
                c.operationLock().lock();
                try {
                    if (!c.isRunning() && !c.isRemoved()) {
                        startLocked(c, false);
                    }
                } catch (EngineException e) {
                    LOG.warn("cannot restart container {}: {}", c.id(), e.getMessage());
                } finally {
                    c.operationLock().unlock();
                }
            });
        }
    }

    /** Returns true when the container should be started by its restart policy now that the daemon is up. */
    private boolean reconcile(Container c) throws IOException {
        ContainerStatus status;
        try {
            status = driver.status(c.id());
        } catch (EngineException e) {
            status = new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
        }
        boolean recordedRunning;
        synchronized (c) {
            recordedRunning = c.state().running;
            c.state().removalInProgress = false;
        }
        switch (status.state()) {
            case RUNNING, PAUSED -> {
                adopt(c, status);
                return false;
            }
            case STOPPED -> {
                if (recordedRunning) {
                    long generation = c.nextRunGeneration();
                    int code = status.exitCode() == null ? 255 : status.exitCode();
                    onExit(c, generation, new ExitStatus(code, status.oomKilled(), Instant.now()), null);
                    return false;
                }
                deleteQuietly(c.id());
            }
            case CREATED -> deleteQuietly(c.id());
            case GONE -> {
                // nothing in the driver
            }
        }
        networks.releaseAll(c);
        unmountQuietly(c.id()); // a rootfs a crashed daemon left mounted
        if (recordedRunning) {
            synchronized (c) {
                StateRecord s = c.state();
                s.running = false;
                s.paused = false;
                s.restarting = false;
                s.pid = 0;
                if (status.state() == ContainerStatus.State.GONE) {
                    s.exitCode = 255;
                    s.error = "the container's process was lost while the daemon was down";
                }
                s.finishedAt = Times.rfc3339Nano(Instant.now());
            }
            persistQuietly(c);
        }
        return shouldStartOnDaemonStart(c);
    }

    private boolean shouldStartOnDaemonStart(Container c) {
        synchronized (c) {
            if (c.state().running || !c.record().hasBeenStartedBefore) {
                return false;
            }
            HostConfig.RestartPolicy p = c.hostConfig().restartPolicy;
            String policy = p == null ? "no" : p.name;
            return switch (policy) {
                case "always" -> true;
                case "unless-stopped" -> !c.record().hasBeenManuallyStopped;
                case "on-failure" -> c.state().exitCode != 0 && !c.record().hasBeenManuallyStopped
                        && (p.maximumRetryCount == 0 || c.record().restartCount < p.maximumRetryCount);
                default -> false;
            };
        }
    }

    /** Takes over a container that kept running while the daemon was away. */
    private void adopt(Container c, ContainerStatus status) throws IOException {
        Path rootfs = layers.mount(c.id());
        UserResolver.ResolvedUser user;
        try {
            user = UserResolver.resolve(rootfs, c.record().config.user, c.hostConfig().groupAdd);
        } catch (EngineException e) {
            user = new UserResolver.ResolvedUser(0, 0, List.of(), "/");
        }
        long generation = c.nextRunGeneration();
        HostConfig hc = c.hostConfig();
        c.setRun(new StartedRun(generation, rootfs, user.uid(), user.gid(), user.additionalGids(),
                SpecBuilder.environment(c.record().config, user.home()),
                Capabilities.effective(hc.capAdd, hc.capDrop, hc.privileged)));
        Healthcheck check;
        synchronized (c) {
            StateRecord s = c.state();
            s.running = true;
            s.restarting = false;
            s.paused = status.state() == ContainerStatus.State.PAUSED;
            s.pid = status.pid();
            check = c.record().config.healthcheck;
            if (HealthMonitor.probeCommand(check, c.record().config.shell) != null && s.health == null) {
                s.health = new StateRecord.Health();
            }
        }
        persistQuietly(c);
        startHealthMonitor(c, check);
        driver.awaitExit(c.id()).whenComplete((exit, error) -> onExit(c, generation, exit, error));
    }
}
