package io.wharf.rest;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Whether the engine behind the API is between two states because a bundle is being stopped, updated or started
 * (a driver swapped with {@code Bundle.update} takes the components that use it down and up again, and their
 * routes with them), or because the resources it changed are not yet served. A request that arrives meanwhile
 * waits for the engine to settle rather than meeting a missing route or a backend being closed.
 */
final class EngineSettling {
    /** Quiet time after the last change: components of other bundles may follow a bundle's start a little later. */
    static final long QUIET_MS = 250;
    private final LongSupplier clock;
    private final Set<Long> inTransition = new HashSet<>();
    private long reloadsRequested;
    private long reloadsDone;
    private long lastChange = Long.MIN_VALUE / 2;

    EngineSettling(LongSupplier millisClock) {
        this.clock = millisClock;
    }

    EngineSettling() {
        this(System::currentTimeMillis);
    }

    /** A bundle starts stopping, being re-resolved or starting. */
    synchronized void begin(long bundleId) {
        inTransition.add(bundleId);
        changed();
    }

    /** The bundle has reached a resting state (stopped, resolved, started or uninstalled). */
    synchronized void end(long bundleId) {
        inTransition.remove(bundleId);
        changed();
    }

    /** The served resources changed: the requests must wait for the rebuilt application. Returns its number. */
    synchronized long reloadRequested() {
        changed();
        return ++reloadsRequested;
    }

    /** The current resources are served (by a rebuild that started after the request {@code upTo}). */
    synchronized void reloadDone(long upTo) {
        reloadsDone = Math.max(reloadsDone, upTo);
        notifyAll(); // not a change of the engine: no quiet time follows
    }

    /** The number of the last reload requested: a rebuild that reads the resources now serves up to it. */
    synchronized long reloadsRequested() {
        return reloadsRequested;
    }

    synchronized boolean settled() {
        return inTransition.isEmpty() && reloadsDone >= reloadsRequested && clock.getAsLong() - lastChange >= QUIET_MS;
    }

    /** Waits until settled, at most {@code timeoutMs}; false when it did not settle in time. */
    synchronized boolean awaitSettled(long timeoutMs) throws InterruptedException {
        long deadline = clock.getAsLong() + timeoutMs;
        while (!settled()) {
            long left = deadline - clock.getAsLong();
            if (left <= 0) {
                return false;
            }
            // woken by every change; the quiet time itself passes without one
            wait(Math.min(left, QUIET_MS));
        }
        return true;
    }

    private void changed() {
        lastChange = clock.getAsLong();
        notifyAll();
    }
}
