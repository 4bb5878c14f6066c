package io.wharf.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that serve requests and hijacked sessions, apart from Jetty's pool: an attach, a {@code logs -f}
 * or an events stream may last for hours, and each one held a request thread, so a few hundred of them left
 * nothing to answer {@code /_ping}. Jetty's pool now only parses requests; the work runs here on daemon threads
 * made on demand (idle ones end after a few seconds), up to a limit past which requests are refused in Docker's
 * error shape instead of exhausting threads or file descriptors.
 */
final class StreamWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamWorkers.class);
    /** Set to change the limit (a daemon serving thousands of streams at once). */
    static final String LIMIT_PROPERTY = "wharf.api.maxStreams";
    static final int DEFAULT_LIMIT = 4096;
    private static final int CORE_THREADS = 4;
    private static final long IDLE_SECONDS = 5;
    /** What a stream holds besides its thread: the client's socket, a log file or a monitor socket. */
    private static final int FDS_PER_STREAM = 3;
    private static final int FDS_KEPT_FOR_THE_REST = 256;

    private final int limit;
    private final Semaphore permits;
    private final ThreadPoolExecutor threads;

    StreamWorkers(int limit) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(CORE_THREADS, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "wharf-stream-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // an idle daemon keeps none: each parked thread holds its touched stack (~100 KiB resident)
        this.threads.allowCoreThreadTimeOut(true);
    }

    /** The limit from {@value #LIMIT_PROPERTY}, else the default, lowered to what the open-files limit allows. */
    static StreamWorkers configured() {
        int wanted = Integer.getInteger(LIMIT_PROPERTY, DEFAULT_LIMIT);
        long files = openFilesLimit();
        int limit = files <= 0 ? wanted
                : (int) Math.min(wanted, Math.max(16, (files - FDS_KEPT_FOR_THE_REST) / FDS_PER_STREAM));
        if (limit < wanted) {
            LOG.info("at most {} concurrent API requests and streams: the open-files limit is {}", limit, files);
        }
        return new StreamWorkers(limit);
    }

    /** The soft RLIMIT_NOFILE, or -1 when unknown or unlimited. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the open-files limit: {}", e.toString());
        }
        return -1;
    }

    int limit() {
        return limit;
    }

    /** Runs the task on a thread of its own, or returns false at the limit. */
    boolean tryRun(Runnable task) {
        Place place = reserve();
        return place != null && run(place, task);
    }

    /**
     * Takes a place ahead of the work it is for (a hijacked session, whose thread starts only once the protocol
     * has switched), or returns null at the limit; the place is given back when that work ends, or by
     * {@link Place#release} if it never starts.
     */
    Place reserve() {
        return permits.tryAcquire() ? new Place() : null;
    }

    /** Runs the task on a thread of its own in a place already taken; false when shutting down. */
    boolean run(Place place, Runnable task) {
        try {
            threads.execute(() -> {
                try {
                    task.run();
                } finally {
                    place.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) { // shutting down
            place.release();
            return false;
        }
    }

    /** One place under the limit, given back once. */
    final class Place {
        private final java.util.concurrent.atomic.AtomicBoolean released =
                new java.util.concurrent.atomic.AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }

    /** Docker-shaped explanation for a refused request. */
    String refusal() {
        return "too many concurrent API requests and streams (the limit is " + limit
                + "): close some attach, logs, events or stats streams and try again";
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
