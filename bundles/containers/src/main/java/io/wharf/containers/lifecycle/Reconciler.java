package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.containers.create.Capabilities;
import io.wharf.containers.create.SpecBuilder;
import io.wharf.containers.create.UserResolver;
import io.wharf.containers.logs.LogRotator;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import io.wharf.containers.store.StartedRun;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's start (moby's daemon.restore): loads the stored containers, takes over those still running in the
 * driver, records the exits that happened while it was away, finishes interrupted removals and starts the
 * containers whose restart policy asks for it.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ContainerStore store;
    private final ContainerIndex index;
    private final ContainerLayerStore layers;
    private final ExecutionDriver driver;
    private final ExecutorService workers;
    private final ContainerNetworks networks;
    private final Persister persister;
    private final HealthMonitors healthMonitors;
    private final RuntimeCleanup cleanup;
    private final ExitMonitor exits;
    private final LogRotator logs;
    private final LogForwarding forwarding;
    private final ContainerStarter starter;
    private final ContainerRemover remover;

    Reconciler(ContainerStore store, ContainerIndex index, ContainerLayerStore layers, ExecutionDriver driver,
               ExecutorService workers, ContainerNetworks networks, Persister persister,
               HealthMonitors healthMonitors, RuntimeCleanup cleanup, ExitMonitor exits, ContainerStarter starter,
               ContainerRemover remover, LogRotator logs, LogForwarding forwarding) {
        this.store = store;
        this.index = index;
        this.layers = layers;
        this.driver = driver;
        this.workers = workers;
        this.networks = networks;
        this.persister = persister;
        this.healthMonitors = healthMonitors;
        this.cleanup = cleanup;
        this.exits = exits;
        this.logs = logs;
        this.forwarding = forwarding;
        this.starter = starter;
        this.remover = remover;
    }

    /** Loads the stored containers and reconciles them with what the driver knows. */
    void load() throws IOException {
        List<Container> loaded = store.loadAll();
        for (Container c : loaded) {
            index.reserveName(c.name(), c.id());
            index.add(c);
        }
        List<Container> toRestart = new ArrayList<>();
        List<Container> halfRemoved = new ArrayList<>();
        for (Container c : loaded) {
            boolean removing = c.state().removalInProgress;
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
                remover.remove(c, true, true);
            } catch (EngineException e) {
                LOG.warn("cannot finish removing container {}: {}", c.id(), e.getMessage());
            }
            toRestart.remove(c);
        }
        for (Container c : toRestart) {
            workers.execute(() -> starter.startOnDaemonStart(c));
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
        boolean recordedRunning = c.changeState(StateRecord::removalInterrupted).running;
        switch (status.state()) {
            case RUNNING, PAUSED -> {
                adopt(c, status);
                return false;
            }
            case STOPPED -> {
                if (recordedRunning) {
                    // its last lines, written while no daemon forwarded them, still go to its log driver
                    HostConfig hc = c.hostConfig();
                    logs.watch(c.id(), Path.of(c.record().logPath), hc.logConfig.type, hc.logConfig.config);
                    forwarding.adopt(c);
                    long generation = c.nextRunGeneration();
                    int code = status.exitCode() == null ? 255 : status.exitCode();
                    if (code == 255) {
                        LOG.warn("container {} exited while no engine watched it; its exit code is unknown (255)",
                                c.id());
                    }
                    exits.onExit(c, generation, new ExitStatus(code, status.oomKilled(), Instant.now()), null,
                            starter::startByPolicy);
                    return false;
                }
                cleanup.deleteQuietly(c.id());
            }
            case CREATED -> cleanup.deleteQuietly(c.id());
            case GONE -> {
                // nothing in the driver
            }
        }
        networks.releaseAll(c);
        cleanup.unmountQuietly(c.id()); // a rootfs a crashed daemon left mounted
        if (recordedRunning) {
            boolean gone = status.state() == ContainerStatus.State.GONE;
            LOG.warn("container {} was recorded running but the execution driver has {}", c.id(),
                    gone ? "no trace of it: exit code 255" : "it " + status.state());
            c.changeState(s -> s.lostWhileDaemonDown(gone, Times.rfc3339Nano(Instant.now())));
            persister.persistQuietly(c);
        }
        synchronized (c) {
            return shouldStartOnDaemonStart(c.state(), c.record().hasBeenStartedBefore(),
                    c.record().hasBeenManuallyStopped(), c.record().restartCount(), c.hostConfig().restartPolicy);
        }
    }

    /** moby's restart-on-daemon-start decision for a stopped container, by its policy and history. */
    static boolean shouldStartOnDaemonStart(StateRecord state, boolean startedBefore, boolean manuallyStopped,
                                            int restartCount, HostConfig.RestartPolicy policy) {
        if (state.running || !startedBefore) {
            return false;
        }
        String name = policy == null ? "no" : policy.name;
        return switch (name) {
            case "always" -> true;
            case "unless-stopped" -> !manuallyStopped;
            case "on-failure" -> state.exitCode != 0 && !manuallyStopped
                    && (policy.maximumRetryCount == 0 || restartCount < policy.maximumRetryCount);
            default -> false;
        };
    }

    /** Takes over a container that kept running while the daemon was away. */
    private void adopt(Container c, ContainerStatus status) throws IOException {
        Path rootfs = layers.adoptMount(c.id()); // the engine this one replaced may hold its mount already
        UserResolver.ResolvedUser user;
        try {
            user = UserResolver.resolve(rootfs, c.record().config.user, c.hostConfig().groupAdd);
        } catch (EngineException e) {
            user = new UserResolver.ResolvedUser(0, 0, List.of(), "/");
        }
        long generation = c.nextRunGeneration();
        HostConfig hc = c.hostConfig();
        c.setRun(new StartedRun(generation, rootfs, user.uid(), user.gid(), user.additionalGids(),
                SpecBuilder.environment(c.record().config, user.home(), List.of()),
                Capabilities.effective(hc.capAdd, hc.capDrop, hc.privileged)));
        Healthcheck check;
        synchronized (c) {
            check = c.record().config.healthcheck;
            boolean healthChecked = HealthMonitor.probeCommand(check, c.record().config.shell) != null;
            c.changeState(s -> s.adopted(status.pid(), status.state() == ContainerStatus.State.PAUSED,
                    healthChecked));
        }
        persister.persistQuietly(c);
        healthMonitors.start(c, check);
        logs.watch(c.id(), Path.of(c.record().logPath), hc.logConfig.type, hc.logConfig.config);
        forwarding.adopt(c);
        exits.watch(c, generation, starter::startByPolicy);
    }
}
