package io.wharf.containers.lifecycle;

import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.containers.store.Container;
import io.wharf.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * moby's monitor.go: watches each run's exit, records it, releases what the run held, announces the die event,
 * and then restarts the container by its policy or removes it (--rm).
 */
final class ExitMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ExitMonitor.class);

    /** Starts a container again once its restart delay is over: the starter, passed along with each run. */
    @FunctionalInterface
    interface PolicyRestart {
        void restart(Container c, long generation);
    }

    private final ExecutionDriver driver;
    private final Events events;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final ContainerNetworks networks;
    private final ContainerVolumes volumes;
    private final Persister persister;
    private final RestartManagers restartManagers;
    private final HealthMonitors healthMonitors;
    private final RuntimeCleanup cleanup;
    private final ContainerRemover remover;
    private volatile boolean closed;

    ExitMonitor(ExecutionDriver driver, Events events, ScheduledExecutorService scheduler, ExecutorService workers,
                ContainerNetworks networks, ContainerVolumes volumes, Persister persister,
                RestartManagers restartManagers, HealthMonitors healthMonitors, RuntimeCleanup cleanup,
                ContainerRemover remover) {
        this.driver = driver;
        this.events = events;
        this.scheduler = scheduler;
        this.workers = workers;
        this.networks = networks;
        this.volumes = volumes;
        this.persister = persister;
        this.restartManagers = restartManagers;
        this.healthMonitors = healthMonitors;
        this.cleanup = cleanup;
        this.remover = remover;
    }

    /**
     * Stops handling exits: the containers keep running in the driver and a new engine re-adopts them. The
     * caller holds every operation lock, so an exit's clean-up (run under that lock) is either done or not begun:
     * one not begun is dropped, leaving the runtime's state (and the exit code in its exit file) to the next
     * engine, instead of deleting that state while the next engine loads.
     */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Handles the exit of the run {@code generation} when the driver reports it. */
    void watch(Container c, long generation, PolicyRestart restart) {
        driver.awaitExit(c.id()).whenComplete((exit, error) -> onExit(c, generation, exit, error, restart));
    }

    /** Removes the container on a worker (--rm after an exit or a failed start). */
    void autoRemoveLater(Container c) {
        workers.execute(() -> remover.autoRemove(c));
    }

    /**
     * moby's handleContainerExit. The exit is recorded at once (operations waiting for it under the operation lock
     * go on); its clean-up (driver state, networks, volumes, rootfs, the die event, a restart or auto-removal)
     * runs under the operation lock, by this handler or by whichever operation takes the lock first, so that a
     * start issued right after the exit never meets a clean-up still releasing what it is setting up.
     */
    void onExit(Container c, long generation, ExitStatus exit, Throwable error, PolicyRestart restart) {
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
            Instant started = Times.parseRfc3339(c.state().startedAt);
            Instant finished = status.finishedAt() == null ? Instant.now() : status.finishedAt();
            long ranForMillis = started == null ? 0 : Math.max(0, Duration.between(started, finished).toMillis());
            Duration restartDelay = restartManagers.of(c).shouldRestart(status.exitCode(),
                    c.record().hasBeenManuallyStopped(), Duration.ofMillis(ranForMillis));
            c.changeState(s -> s.exited(status.exitCode(), status.oomKilled(), Times.rfc3339Nano(finished),
                    restartDelay != null));
            if (restartDelay != null) {
                c.record().countRestart();
            }
            boolean autoRemove = c.hostConfig().autoRemove;
            c.exited(() -> {
                if (closed) { // the exit stays in the runtime's exit file: the next engine handles it with its code
                    LOG.debug("exit of container {} left to the next engine", c.id());
                    return;
                }
                cleanUpAfterExit(c, generation, status, ranForMillis, restartDelay, autoRemove, restart);
            });
        }
        if (c.operationLock().tryLock()) {
            try {
                c.runOwedExitCleanup();
            } finally {
                c.operationLock().unlock();
            }
            return;
        }
        try {
            workers.execute(() -> { // the lock holder may take a while: the exit watcher's thread does not wait
                c.operationLock().lock();
                try {
                    c.runOwedExitCleanup();
                } finally {
                    c.operationLock().unlock();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the next daemon reconciles the container
        }
    }

    private void cleanUpAfterExit(Container c, long generation, ExitStatus status, long ranForMillis,
                                  Duration restartDelay, boolean autoRemove, PolicyRestart restart) {
        PhaseTimes times = PhaseTimes.begin();
        healthMonitors.stop(c);
        c.setRun(null);
        networks.releaseAll(c);
        volumes.unmountAll(c);
        times.mark("networks and volumes");
        // the exit is saved before the runtime's state, which holds its code, is deleted: an engine whose close
        // gave up waiting for this clean-up (stuck in a driver's wait while a refresh stops the drivers) saves
        // nothing more, and the next engine must find the exit file then, not a live record without a trace (255)
        if (!persister.persistQuietly(c)) {
            LOG.debug("exit of container {} left to the next engine", c.id());
            return;
        }
        times.mark("save");
        cleanup.deleteQuietly(c.id());
        times.mark("driver delete");
        cleanup.unmountQuietly(c.id());
        times.mark("unmount");
        c.notifyStopped();
        times.log("exit " + c.id());
        if (status.oomKilled()) {
            events.container(c, "oom");
        }
        events.container(c, "die", Map.of("exitCode", Integer.toString(status.exitCode()),
                "execDuration", Long.toString(ranForMillis / 1000)));
        if (restartDelay != null) {
            scheduler.schedule(() -> workers.execute(() -> restart.restart(c, generation)),
                    restartDelay.toMillis(), TimeUnit.MILLISECONDS);
        } else if (autoRemove) {
            autoRemoveLater(c);
        }
    }
}
