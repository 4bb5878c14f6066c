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
    /** The last reload that serves a swap (not only added routes): settled waits for it. */
    private long swapReload;
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
        swapReload = ++reloadsRequested;
        return swapReload;
    }

    /**
     * Resources were added by a bundle starting for the first time: requests wait for the rebuilt application
     * only if they need the new routes, and no quiet time follows (nothing served before goes away).
     */
    synchronized long additionRequested() {
        notifyAll();
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

    /** Whether every requested reload, additions too, is served. */
    synchronized boolean allServed() {
        return reloadsDone >= reloadsRequested;
    }

    synchronized boolean settled() {
        return inTransition.isEmpty() && reloadsDone >= swapReload && clock.getAsLong() - lastChange >= QUIET_MS;
    }

    /** Waits until every requested reload, additions too, is served, at most {@code timeoutMs}. */
    synchronized boolean awaitAllServed(long timeoutMs) throws InterruptedException {
        long deadline = clock.getAsLong() + timeoutMs;
        while (reloadsDone < reloadsRequested) {
            long left = deadline - clock.getAsLong();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Waits until settled, at most {@code timeoutMs}; false when it did not settle in time. */
    synchronized boolean awaitSettled(long timeoutMs) throws InterruptedException {
        long deadline = clock.getAsLong() + timeoutMs;
        while (!settled()) {
            long left = deadline - clock.getAsLong();
            if (left <= 0) {
                return false;
            }
            // woken by every change; the quiet time itself passes without one, so sleep exactly to its end
            wait(Math.max(1, Math.min(left, untilQuiet())));
        }
        return true;
    }

    /** How long until the quiet time after the last change is over, when nothing else keeps it unsettled. */
    private long untilQuiet() {
        if (!inTransition.isEmpty() || reloadsDone < swapReload) {
            return QUIET_MS; // ends with a change, which wakes the waiters
        }
        return QUIET_MS - (clock.getAsLong() - lastChange);
    }

    private void changed() {
        lastChange = clock.getAsLong();
        notifyAll();
    }
}
