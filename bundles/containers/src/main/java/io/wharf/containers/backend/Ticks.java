package io.wharf.containers.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pace for a polling stream: a shared scheduler drops a tick into a queue at a fixed rate and the request thread
 * takes it, so that no request thread sleeps and an interrupt (the client hung up) ends the wait at once.
 */
final class Ticks implements AutoCloseable {
    /** A tick that does not come (the scheduler was shut down) ends the wait after this many intervals. */
    private static final int MISSED_TICKS = 5;
    private final BlockingQueue<Boolean> queue = new ArrayBlockingQueue<>(1);
    private final long intervalMillis;
    private final ScheduledFuture<?> timer;

    Ticks(ScheduledExecutorService scheduler, Duration interval) {
        intervalMillis = interval.toMillis();
        // a full queue drops the tick: a slow reader catches up by one tick, not by a burst
        timer = scheduler.scheduleAtFixedRate(() -> queue.offer(Boolean.TRUE), intervalMillis, intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Waits for the next tick; an interrupt ends the stream as a failed write would, with an IOException. */
    void await() throws IOException {
        try {
            queue.poll(intervalMillis * MISSED_TICKS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
