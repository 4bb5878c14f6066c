package io.wharf.containers.lifecycle;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A dynamic service the engine uses (the network or volume service) that may be away for a moment while its
 * bundle is updated: once it has been there, a caller that finds it gone waits for it, up to a bound, instead of
 * failing a container's start. A service not seen yet is waited for only during the bound after the engine began
 * serving ({@link #serving()}): a refresh (of logging, say) restarts the engine and that service's bundle together,
 * and the engine may be up first. Before that (the engine's own start-up, whose reconciliation must not stall) and
 * after that window, a service never seen is not waited for (a setup without it).
 */
public final class ReturningService<T> implements Supplier<T> {
    /** As long as a network connect waits for its driver. */
    public static final long RETURN_MILLIS = 10_000;
    private static final long POLL_MILLIS = 20;
    private final Supplier<T> current;
    private final long returnMillis;
    private final BooleanSupplier giveUp;
    private volatile boolean seen;
    private volatile boolean serving;
    private volatile long servingSince;

    public ReturningService(Supplier<T> current, long returnMillis) {
        this(current, returnMillis, () -> false);
    }

    /**
     * @param giveUp ends the wait early: the engine closes (a refresh of the bundles it is wired to), so the
     *               caller must fail now and release its lock while the old drivers can still clean up
     */
    public ReturningService(Supplier<T> current, long returnMillis, BooleanSupplier giveUp) {
        this.current = current;
        this.returnMillis = returnMillis;
        this.giveUp = giveUp;
    }

    @Override
    public T get() {
        T service = current.get();
        if (service != null) {
            seen = true;
            return service;
        }
        if (!seen && !serving) {
            return null;
        }
        long bound = TimeUnit.MILLISECONDS.toNanos(returnMillis);
        long deadline = seen ? System.nanoTime() + bound : servingSince + bound;
        while (service == null && System.nanoTime() < deadline && !giveUp.getAsBoolean()) {
            try {
                Thread.sleep(POLL_MILLIS); // DS rebinds the field without telling us: look again shortly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            service = current.get();
        }
        return service;
    }

    /** The engine serves clients from now on: a service it has not seen yet is waited for during the bound. */
    public void serving() {
        servingSince = System.nanoTime();
        serving = true;
    }
}
