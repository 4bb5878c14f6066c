package io.wharf.containers.logs;

import io.wharf.api.runtime.StreamType;
import io.wharf.containers.logs.drivers.LogMessage;
import io.wharf.containers.logs.drivers.LogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one container's log to a forwarding driver's sink: it tails the files conmon writes, generation after
 * generation as {@link LogRotator} numbers them, and remembers where it is ({@code forward.position} beside the log:
 * generation and offset), so a daemon restart resumes where it stopped and the lines written meanwhile are sent
 * (as far as rotation kept them). The container never waits for the sink: a sink slower than the writer makes the
 * forwarder lag, and when rotation deletes a file not yet read, its lines are skipped (moby's non-blocking mode
 * drops too). Lines can be sent twice after a crash of the daemon: the position is saved about once a second.
 */
public final class LogForwarder implements Runnable {
    static final String POSITION_FILE = "forward.position";
    private static final Logger LOG = LoggerFactory.getLogger(LogForwarder.class);
    private static final long POLL_MILLIS = 100;
    /** An idle container's forwarder looks less often, up to this; any new line brings it back to POLL_MILLIS. */
    private static final long IDLE_POLL_MILLIS = 1_000;
    /** Small: one reader per forwarding container stays in the heap (docker logs' readers are short-lived). */
    private static final int READ_BUFFER = 64 * 1024;
    private static final long SAVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WARN_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Decides, under the registry's lock, whether a forwarder whose container stopped may end. */
    @FunctionalInterface
    public interface Retirement {
        boolean retire(LogForwarder forwarder);
    }

    private final String id;
    private final LogFiles files;
    private final LogSink sink;
    private final BooleanSupplier running;
    private final Retirement retirement;
    private final Path positionFile;
    private final CriLogReader reader = new CriLogReader(0, READ_BUFFER);
    private volatile boolean closed;
    private long generation = -1;
    private long offset;
    private long savedGeneration = -1;
    private long savedOffset;
    private long lastSave = System.nanoTime();
    private long lastWarning = System.nanoTime() - WARN_NANOS;
    private long dropped;

    /** @param running whether the container may still write; once it is false the forwarder drains and ends */
    public LogForwarder(String id, Path live, LogSink sink, BooleanSupplier running, Retirement retirement) {
        this.id = id;
        this.files = new LogFiles(live);
        this.sink = sink;
        this.running = running;
        this.retirement = retirement;
        this.positionFile = live.resolveSibling(POSITION_FILE);
    }

    @Override
    public void run() {
        loadPosition();
        long pause = POLL_MILLIS;
        try {
            while (!closed) {
                long before = offset;
                if (forwardAvailable()) {
                    pause = POLL_MILLIS;
                    continue; // moved to the next file: read on without pausing
                }
                pause = offset != before ? POLL_MILLIS : Math.min(IDLE_POLL_MILLIS, pause * 2);
                savePosition(false);
                if (!running.getAsBoolean()) {
                    while (!closed && forwardAvailable()) {
                        // the last output may land after the exit is known: read to the end once more
                    }
                    if (closed || retirement.retire(this)) {
                        return;
                    }
                }
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("log forwarding of container {} stopped: {}", id, e.toString());
        } finally {
            savePosition(true);
            sink.close();
        }
    }

    /** Stops soon (daemon shutdown); the position is saved for the next start. */
    public void close() {
        closed = true;
    }

    /**
     * Sends what the current file holds beyond the position. Returns true when it moved on to a newer file, which
     * conmon only does once the current one is complete (the live generation was looked at before the read).
     */
    boolean forwardAvailable() throws IOException {
        TreeMap<Long, Path> generations = files.generations();
        long live = files.liveGeneration(generations);
        if (live < 0) {
            return false; // not started, or the rotator has not numbered the live file yet
        }
        if (generation < 0 || !generations.containsKey(generation)) {
            Long next = generation < 0 ? generations.firstKey() : generations.higherKey(generation);
            if (next == null || next > live) {
                return false;
            }
            if (generation >= 0) {
                warn("log lines of container {} were rotated away before they were sent (the sink is slower than "
                        + "the container)", id);
            }
            generation = next;
            offset = 0;
        }
        LogSegment segment = LogSegment.open(generations.get(generation), generation);
        if (segment == null) {
            return true; // deleted meanwhile: the next round moves on
        }
        try (segment) {
            reader.reset(offset);
            reader.readToEnd(segment.source(), this::send);
            offset = reader.position();
        }
        if (generation < live) {
            generation = generations.higherKey(generation);
            offset = 0;
            return true;
        }
        return false;
    }

    private boolean send(CriRecord record, long lineOffset) {
        if (closed) {
            return false;
        }
        byte[] line = Arrays.copyOfRange(record.buffer(), record.contentOffset(),
                record.contentOffset() + record.contentLength());
        LogMessage message = new LogMessage(record.stream() == StreamType.STDERR, line, record.epochNanos(),
                record.partial());
        try {
            sink.send(message, () -> closed);
        } catch (IOException e) {
            dropped++;
            warn("log entry of container {} dropped ({} so far): {}", id, dropped, e.getMessage());
        }
        return true;
    }

    private void warn(String format, Object... args) {
        if (System.nanoTime() - lastWarning >= WARN_NANOS) {
            lastWarning = System.nanoTime();
            LOG.warn(format, args);
        }
    }

    private void loadPosition() {
        try {
            String[] parts = Files.readString(positionFile, StandardCharsets.US_ASCII).strip().split(" ");
            generation = Long.parseLong(parts[0]);
            offset = Long.parseLong(parts[1]);
            savedGeneration = generation;
            savedOffset = offset;
        } catch (NoSuchFileException e) {
            generation = -1; // a container's first run: from the start of its log
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the log forwarding position of container {}; starting at its oldest log: {}", id,
                    e.toString());
        }
    }

    private void savePosition(boolean now) {
        if (generation < 0 || generation == savedGeneration && offset == savedOffset
                || !now && System.nanoTime() - lastSave < SAVE_NANOS) {
            return;
        }
        lastSave = System.nanoTime();
        // not AtomicFiles: it would make the folder of a container removed meanwhile again; no fsync either, as a
        // position lost with the power costs lines sent twice, not lines lost
        Path tmp = positionFile.resolveSibling("." + POSITION_FILE + ".tmp");
        try {
            Files.write(tmp, (generation + " " + offset + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, positionFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            savedGeneration = generation;
            savedOffset = offset;
        } catch (NoSuchFileException e) {
            // the container was removed
        } catch (IOException e) {
            LOG.debug("cannot save the log forwarding position of container {}: {}", id, e.toString());
        }
    }
}
