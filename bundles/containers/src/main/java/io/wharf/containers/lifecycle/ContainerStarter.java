package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.create.SpecBuilder;
import io.wharf.containers.create.UserResolver;
import io.wharf.containers.logs.LogRotator;
import io.wharf.containers.logs.drivers.LogSink;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.PendingAttach;
import io.wharf.containers.store.StartedRun;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker start (moby's start.go): mounts the rootfs and volumes, prepares the /etc files and namespaces, creates
 * and starts the process in the driver with the attaches that wait for it, and hands the run to the exit monitor.
 * A failed start releases all it set up. Also the restarts made by a policy and at the daemon's start.
 */
final class ContainerStarter {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStarter.class);

    private final ContainerLayerStore layers;
    private final ExecutionDriver driver;
    private final Events events;
    private final EngineSettings settings;
    private final ContainerNetworks networks;
    private final ContainerVolumes volumes;
    private final StartPreparation preparation;
    private final Persister persister;
    private final RestartManagers restartManagers;
    private final HealthMonitors healthMonitors;
    private final RuntimeCleanup cleanup;
    private final ExitMonitor exits;
    private final LogRotator logs;
    private final LogForwarding forwarding;

    ContainerStarter(ContainerLayerStore layers, ExecutionDriver driver, Events events, EngineSettings settings,
                     ContainerNetworks networks, ContainerVolumes volumes, StartPreparation preparation,
                     Persister persister, RestartManagers restartManagers, HealthMonitors healthMonitors,
                     RuntimeCleanup cleanup, ExitMonitor exits, LogRotator logs, LogForwarding forwarding) {
        this.layers = layers;
        this.driver = driver;
        this.events = events;
        this.settings = settings;
        this.networks = networks;
        this.volumes = volumes;
        this.preparation = preparation;
        this.persister = persister;
        this.restartManagers = restartManagers;
        this.healthMonitors = healthMonitors;
        this.cleanup = cleanup;
        this.exits = exits;
        this.logs = logs;
        this.forwarding = forwarding;
    }

    /** docker start. */
    void start(Container c) {
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

    /** A restart policy's start once the delay is over, unless the container was stopped or removed meanwhile. */
    void startByPolicy(Container c, long generation) {
        c.operationLock().lock();
        try {
            synchronized (c) {
                if (exits.isClosed() || c.isRemoved() || c.runGeneration() != generation
                        || !c.state().restarting) {
                    return;
                }
            }
            if (restartManagers.of(c).canceled()) {
                restartManagers.endPendingRestart(c);
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

    /** The start a restart policy asks for when the daemon starts, unless the container runs or went meanwhile. */
    void startOnDaemonStart(Container c) {
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
    }

    /** Starts the container's process; the caller holds the operation lock. */
    void startLocked(Container c, boolean manual) {
        if (exits.isClosed()) {
            // a start that waited for the lock while the engine closed (the service checked before): run now, it
            // would start a container on drivers being replaced, its state saved by no one (its exit became 255)
            throw EngineException.unavailable(ContainerEngine.REPLACED);
        }
        c.runOwedExitCleanup(); // the previous run's clean-up first, or it would release what this start sets up
        String lost = c.hostConfigProblem();
        if (lost != null) { // its confinement is unknown: fail closed
            throw EngineException.conflict("cannot start container %s: %s; remove it and create it again", c.id(),
                    lost);
        }
        if (manual) {
            restartManagers.reset(c);
            synchronized (c) {
                c.record().startedByUser();
            }
        }
        Path rootfs = null;
        boolean driverCreated = false;
        boolean volumesMounted = false;
        List<PendingAttach> attaches = List.of();
        LogSink logSink = null;
        PhaseTimes times = PhaseTimes.begin();
        try {
            rootfs = layers.mount(c.id());
            times.mark("mount");
            ContainerRecord record = c.record();
            HostConfig hc = c.hostConfig();
            volumes.mountAll(c, rootfs);
            volumesMounted = true;
            times.mark("volumes");
            UserResolver.ResolvedUser user = UserResolver.resolve(rootfs, record.config.user, hc.groupAdd);
            SpecBuilder.StartContext ctx = preparation.prepare(c, rootfs, user);
            ContainerSpec spec;
            synchronized (c) {
                spec = SpecBuilder.build(record, hc, hc.runtime == null ? settings.defaultRuntime() : hc.runtime,
                        ctx, settings.securityModules());
            }
            cleanup.deleteStale(c.id());
            logSink = forwarding.open(c);
            times.mark("prepare");
            driver.create(spec);
            driverCreated = true;
            times.mark("driver create");
            if (NetworkMode.parse(hc.networkMode).usesNetworkService()) {
                preparation.connectNetworks(c, ctx);
                times.mark("networks");
            }
            attaches = c.takePendingAttaches();
            connect(c, attaches);
            times.mark("attach");
            driver.start(c.id());
            times.mark("driver start");
            long pid = driver.status(c.id()).pid();
            long generation = c.nextRunGeneration();
            c.setRun(new StartedRun(generation, rootfs, user.uid(), user.gid(), user.additionalGids(),
                    spec.process().env(), spec.security().capabilities()));
            Healthcheck check;
            synchronized (c) {
                check = record.config.healthcheck;
                boolean healthChecked = HealthMonitor.probeCommand(check, record.config.shell) != null;
                c.changeState(s -> s.started(pid, Times.rfc3339Nano(Instant.now()), healthChecked));
                record.startedOnce();
            }
            persister.persist(c);
            times.mark("save");
            events.container(c, "start");
            healthMonitors.start(c, check);
            logs.watch(c.id(), Path.of(record.logPath), c.hostConfig().logConfig.type,
                    c.hostConfig().logConfig.config);
            forwarding.start(c, logSink);
            logSink = null;
            times.mark("event and monitors");
            exits.watch(c, generation, this::startByPolicy);
            times.mark("exit watch"); // with the exit's clean-up when the process has already ended
            times.log("start " + c.id());
        } catch (Exception e) {
            for (PendingAttach a : attaches) {
                a.fail(e);
            }
            if (logSink != null) {
                logSink.close();
            }
            if (driverCreated) {
                cleanup.deleteQuietly(c.id());
            }
            networks.releaseAll(c);
            if (volumesMounted) {
                volumes.unmountAll(c);
            }
            if (rootfs != null) {
                cleanup.unmountQuietly(c.id());
            }
            c.setRun(null);
            StartErrors.Failure failure = StartErrors.classify(e);
            boolean autoRemove;
            synchronized (c) {
                c.changeState(s -> s.startFailed(failure.exitCode(), failure.error().getMessage()));
                autoRemove = c.hostConfig().autoRemove;
            }
            persister.persistQuietly(c);
            c.notifyStopped();
            if (autoRemove) {
                exits.autoRemoveLater(c);
            }
            throw failure.error();
        }
    }

    /** docker run and start -a attach before the start: their streams are connected to the new process. */
    private void connect(Container c, List<PendingAttach> attaches) {
        for (PendingAttach a : attaches) {
            try {
                a.connect(driver.attach(c.id(), a.stdin()));
            } catch (IOException | RuntimeException e) {
                a.fail(e);
            }
        }
    }
}
