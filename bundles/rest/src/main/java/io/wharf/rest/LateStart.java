package io.wharf.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bundles wharfd starts once the API answers (the framework's last start level: the image builder, container
 * files), while they are starting. Meanwhile a request that the served resources answer is served at once, and
 * one that no resource answers yet waits for them rather than getting a 404 (see {@link SettlingHold}).
 */
final class LateStart {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean begun;

    /** The framework has started the bundles the API needs; the rest are on their way. */
    void begin() {
        begun = true;
    }

    /** Every bundle has started (or the REST bundle went away: nothing waits any more). */
    void complete() {
        done.complete(null);
    }

    boolean inProgress() {
        return begun && !done.isDone();
    }

    /** Waits until the late bundles have started, at most {@code timeoutMs}; false when they did not. */
    boolean await(long timeoutMs) throws InterruptedException {
        try {
            done.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // never completed exceptionally
        }
    }
}
