package io.wharf.containers.logs;

import io.wharf.containers.logs.drivers.LogSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The running {@link LogForwarder}s, one thread each, by container: started with the container (or adopted after a
 * daemon restart), ended once the container stopped and its last lines went out, closed with the daemon.
 */
public final class LogForwarders implements AutoCloseable {
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Map<String, Running> active = new HashMap<>();
    private boolean closed;

    private record Running(LogForwarder forwarder, Thread thread) {
    }

    /**
     * Forwards the container's log through {@code sink} from where the last forwarder stopped. A forwarder still
     * draining the previous run of the container goes on instead (the new sink is closed).
     *
     * @param running whether the container may still write
     */
    public synchronized void start(String id, Path live, LogSink sink, BooleanSupplier running) {
        if (closed || active.containsKey(id)) {
            sink.close();
            return;
        }
        LogForwarder forwarder = new LogForwarder(id, live, sink, running, f -> retire(id, f, running));
        Thread thread = new Thread(forwarder, "wharf-log-forwarder-" + id.substring(0, Math.min(12, id.length())));
        thread.setDaemon(true);
        active.put(id, new Running(forwarder, thread));
        thread.start();
    }

    /**
     * Waits (at most {@code millis}) for the container's forwarder to end, which it does once the container stopped
     * and its last lines were sent: a removal waits so that they are not deleted unsent (docker run --rm).
     */
    public void awaitEnd(String id, long millis) throws InterruptedException {
        Running r;
        synchronized (this) {
            r = active.get(id);
        }
        if (r != null) {
            r.thread().join(millis);
        }
    }

    /** Whether a forwarder runs for the container (for tests and inspection). */
    public synchronized boolean forwarding(String id) {
        return active.containsKey(id);
    }

    /** Under this lock a start either finds the forwarder still registered or the container already running. */
    private synchronized boolean retire(String id, LogForwarder forwarder, BooleanSupplier running) {
        if (running.getAsBoolean()) {
            return false;
        }
        Running r = active.get(id);
        if (r != null && r.forwarder() == forwarder) {
            active.remove(id);
        }
        return true;
    }

    /** Stops every forwarder, which saves its position for the next daemon. */
    @Override
    public void close() {
        List<Running> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(active.values());
            active.clear();
        }
        all.forEach(r -> r.forwarder().close());
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        for (Running r : all) {
            try {
                r.thread().join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
