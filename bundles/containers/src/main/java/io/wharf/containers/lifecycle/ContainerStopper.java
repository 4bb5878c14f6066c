package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.support.Signals;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docker stop and docker kill (moby's stop.go and kill.go): signals, the wait for the exit, SIGKILL after it. */
final class ContainerStopper {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStopper.class);
    static final int DEFAULT_STOP_TIMEOUT = 10;
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final ExecutionDriver driver;
    private final Events events;
    private final Persister persister;
    private final RestartManagers restartManagers;

    ContainerStopper(ExecutionDriver driver, Events events, Persister persister, RestartManagers restartManagers) {
        this.driver = driver;
        this.events = events;
        this.persister = persister;
        this.restartManagers = restartManagers;
    }

    /** docker stop: the stop signal, then SIGKILL after the timeout (negative: wait forever). */
    void stop(Container c, Integer timeoutSeconds, String signal) {
        int sig = stopSignal(c, signal);
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

    /** The signal a stop sends: the one asked for, else the container's StopSignal, else SIGTERM. */
    static int stopSignal(Container c, String signal) {
        return signal == null || signal.isEmpty() ? Signals.stopSignal(c.record().config.stopSignal)
                : Signals.parse(signal);
    }

    /** Stops a running container; the caller holds the operation lock. */
    void stopLocked(Container c, Integer timeoutSeconds, int signal) {
        int timeout;
        synchronized (c) {
            c.record().stoppedByUser();
            Integer configured = c.record().config.stopTimeout;
            timeout = timeoutSeconds != null ? timeoutSeconds : configured != null ? configured
                    : DEFAULT_STOP_TIMEOUT;
        }
        persister.persistQuietly(c);
        restartManagers.of(c).cancel();
        if (restartManagers.endPendingRestart(c)) {
            c.runOwedExitCleanup();
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
            killQuietly(c);
            if (!await(stopped, KILL_WAIT)) {
                throw EngineException.system("container " + c.id() + " did not exit within "
                        + (timeout + KILL_WAIT.toSeconds()) + " seconds of being stopped", null);
            }
        }
        c.runOwedExitCleanup();
    }

    /** docker kill. */
    void kill(Container c, String signal) {
        int sig = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
        c.operationLock().lock();
        try {
            StateRecord s = c.state();
            if (!s.running) {
                throw EngineException.conflict("Cannot kill container: %s: container %s is not running",
                        c.name().substring(1), c.id());
            }
            if (s.restarting) {
                throw EngineException.conflict("Cannot kill container: %s: container %s is restarting, wait "
                        + "until the container is running", c.name().substring(1), c.id());
            }
            String stopSignal = c.record().config.stopSignal;
            // moby's ExitOnNext: killing with the stop signal (or any signal when none is set) ends restarts
            if (sig == Signals.SIGKILL || stopSignal == null || stopSignal.isEmpty()
                    || Signals.stopSignal(stopSignal) == sig) {
                restartManagers.of(c).cancel();
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
                c.runOwedExitCleanup();
            } else {
                c.cancelWait(stopped);
            }
        } finally {
            c.operationLock().unlock();
        }
    }

    /**
     * SIGKILL for a forced removal; the caller holds the operation lock. False when the process did not exit in
     * time.
     */
    boolean killForRemoval(Container c) {
        CompletableFuture<Integer> stopped = c.waitForExit();
        killQuietly(c);
        return await(stopped, KILL_WAIT);
    }

    private void killQuietly(Container c) {
        try {
            signal(c, Signals.SIGKILL);
        } catch (IOException | EngineException e) {
            LOG.debug("SIGKILL of {} failed: {}", c.id(), e.toString());
        }
    }

    /** Sends a signal, with the kill event; a paused container is resumed so that it can act on it. */
    private void signal(Container c, int sig) throws IOException {
        driver.kill(c.id(), sig);
        events.container(c, "kill", Map.of("signal", Integer.toString(sig)));
        if (c.isPaused() && (sig == Signals.SIGKILL || sig == Signals.stopSignal(c.record().config.stopSignal))) {
            try {
                driver.resume(c.id());
                c.changeState(StateRecord::resumed);
                persister.persistQuietly(c);
            } catch (IOException | EngineException e) {
                LOG.debug("resume of {} after signal failed: {}", c.id(), e.toString());
            }
        }
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
}
