package io.wharf.containers.store;

import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.model.StateRecord;
import io.wharf.support.Times;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A container in memory: its stored record and host config, plus what only lives while the daemon runs (wait
 * registrations, pending attaches, exec IDs). Quick state reads and changes synchronize on this object;
 * lifecycle operations that call the driver (start, stop, remove) also hold {@link #operationLock()} so that
 * they do not interleave, without blocking readers while the driver works.
 */
public final class Container {
    private final ContainerRecord record;
    private volatile HostConfig hostConfig;
    private volatile String hostConfigProblem;
    private final Path dir;
    private final ReentrantLock operationLock = new ReentrantLock();
    private final List<CompletableFuture<Integer>> stopWaiters = new ArrayList<>();
    private final List<CompletableFuture<Integer>> removeWaiters = new ArrayList<>();
    private final List<CompletableFuture<Integer>> exitWaiters = new ArrayList<>();
    private Runnable exitCleanup;
    private final List<PendingAttach> pendingAttaches = new ArrayList<>();
    private final Set<String> execIds = new LinkedHashSet<>();
    private boolean removed;
    private long runGeneration;
    private volatile StartedRun run;

    public Container(ContainerRecord record, HostConfig hostConfig, Path dir) {
        this.record = record;
        this.hostConfig = hostConfig;
        this.dir = dir;
    }

    public String id() {
        return record.id;
    }

    /** The name with its leading slash, as Docker stores it. */
    public synchronized String name() {
        return record.name();
    }

    /** The record; read or change it only while synchronized on this container. */
    public ContainerRecord record() {
        return record;
    }

    /** The current state: an immutable snapshot, safe to read without holding this container's monitor. */
    public StateRecord state() {
        return record.state;
    }

    /**
     * Installs the next state, computed by one of {@link StateRecord}'s transitions from the current one; the
     * only place the state changes. Returns the new state.
     */
    public synchronized StateRecord changeState(UnaryOperator<StateRecord> transition) {
        record.state = transition.apply(record.state);
        return record.state;
    }

    public HostConfig hostConfig() {
        return hostConfig;
    }

    public void setHostConfig(HostConfig value) {
        this.hostConfig = value;
    }

    /** Why the stored host config could not be loaded, or null: such a container must not start. */
    public String hostConfigProblem() {
        return hostConfigProblem;
    }

    public void hostConfigLost(String why) {
        this.hostConfigProblem = why;
    }

    public Path dir() {
        return dir;
    }

    public ReentrantLock operationLock() {
        return operationLock;
    }

    public synchronized boolean isRunning() {
        return record.state.running;
    }

    public synchronized boolean isPaused() {
        return record.state.running && record.state.paused;
    }

    public synchronized boolean isRestarting() {
        return record.state.running && record.state.restarting;
    }

    public synchronized boolean isRemoved() {
        return removed;
    }

    public synchronized Instant startedAt() {
        return Times.parseRfc3339(record.state.startedAt);
    }

    public synchronized String imageId() {
        return record.imageId;
    }

    public synchronized Map<String, String> labels() {
        return record.config.labelsOrEmpty();
    }

    public synchronized boolean tty() {
        return record.config.tty;
    }

    /** Incremented at each start so that a late exit notification of an earlier run is recognised. */
    public synchronized long nextRunGeneration() {
        return ++runGeneration;
    }

    public synchronized long runGeneration() {
        return runGeneration;
    }

    /** The current run's resolved settings, or null when the container does not run. */
    public StartedRun run() {
        return run;
    }

    public void setRun(StartedRun value) {
        this.run = value;
    }

    // ------------------------------------------------------------------ waiting

    /** Moby's State.Wait: completes with the exit code once the condition holds. */
    public synchronized CompletableFuture<Integer> waitFor(WaitCondition condition) {
        if (condition == WaitCondition.NOT_RUNNING && !record.state.running
                || condition == WaitCondition.REMOVED && removed) {
            return CompletableFuture.completedFuture(record.state.exitCode);
        }
        CompletableFuture<Integer> f = new CompletableFuture<>();
        (condition == WaitCondition.REMOVED ? removeWaiters : stopWaiters).add(f);
        return f;
    }

    public synchronized void cancelWait(CompletableFuture<Integer> waiter) {
        stopWaiters.remove(waiter);
        removeWaiters.remove(waiter);
        exitWaiters.remove(waiter);
    }

    /**
     * Completes as soon as the running process's exit is recorded, before its clean-up: what an operation that
     * holds {@link #operationLock()} waits for, since the clean-up itself needs that lock.
     */
    public synchronized CompletableFuture<Integer> waitForExit() {
        if (!record.state.running || record.state.restarting) {
            return CompletableFuture.completedFuture(record.state.exitCode);
        }
        CompletableFuture<Integer> f = new CompletableFuture<>();
        exitWaiters.add(f);
        return f;
    }

    /**
     * Records that the process exited and that {@code cleanup} is owed; whoever next holds the operation lock
     * runs it (see {@link #runOwedExitCleanup}).
     */
    public synchronized void exited(Runnable cleanup) {
        exitCleanup = cleanup;
        complete(exitWaiters, record.state.exitCode);
    }

    /** The clean-up owed for an exit, once: the caller holds the operation lock and runs it. */
    private synchronized Runnable takeExitCleanup() {
        Runnable owed = exitCleanup;
        exitCleanup = null;
        return owed;
    }

    /** Runs the clean-up an exit left owed, if any; the caller holds the operation lock. */
    public void runOwedExitCleanup() {
        Runnable owed = takeExitCleanup();
        if (owed != null) {
            owed.run();
        }
    }

    /** Wakes next-exit and not-running waiters: the process exited (or is about to be restarted). */
    public synchronized void notifyStopped() {
        complete(stopWaiters, record.state.exitCode);
    }

    /** Marks the container removed and wakes every waiter (one never started is never "stopped"). */
    public synchronized void markRemoved() {
        removed = true;
        complete(stopWaiters, record.state.exitCode);
        complete(removeWaiters, record.state.exitCode);
        complete(exitWaiters, record.state.exitCode);
        // a copy: failing an attach runs its clean-up, which removes it from the list
        for (PendingAttach p : List.copyOf(pendingAttaches)) {
            p.fail(new IllegalStateException("container removed"));
        }
        pendingAttaches.clear();
    }

    private static void complete(List<CompletableFuture<Integer>> waiters, int exitCode) {
        List<CompletableFuture<Integer>> copy = List.copyOf(waiters);
        waiters.clear();
        copy.forEach(w -> w.complete(exitCode));
    }

    // ------------------------------------------------------------------ attaches waiting for a start

    public synchronized void addPendingAttach(PendingAttach attach) {
        pendingAttaches.add(attach);
    }

    public synchronized void removePendingAttach(PendingAttach attach) {
        pendingAttaches.remove(attach);
    }

    /** Takes the attaches that wait for the next start, to connect them between driver create and start. */
    public synchronized List<PendingAttach> takePendingAttaches() {
        List<PendingAttach> taken = List.copyOf(pendingAttaches);
        pendingAttaches.clear();
        return taken;
    }

    // ------------------------------------------------------------------ exec IDs

    public synchronized void addExec(String execId) {
        execIds.add(execId);
    }

    public synchronized void removeExec(String execId) {
        execIds.remove(execId);
    }

    public synchronized List<String> execIds() {
        return List.copyOf(execIds);
    }
}
