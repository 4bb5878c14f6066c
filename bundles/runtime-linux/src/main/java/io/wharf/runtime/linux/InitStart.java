package io.wharf.runtime.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code runc start} of a created runc container without spawning runc, as runc 1.1's libcontainer does it: runc
 * init waits to open {@code <state>/exec.fifo} for writing; the starter opens it for reading, init writes one byte
 * and executes the user's program, and the starter removes the fifo (a container without it is running to runc).
 * A runc process (a Go binary) costs more than the rest of a start, on the path of every {@code docker run}. Any
 * other case (no fifo, an init that is gone or a zombie) is left to runc, which answers as it always did.
 */
final class InitStart {
    static final String EXEC_FIFO = "exec.fifo";
    /** How often a start that waits for init checks that init is still there (runc checks every 100 ms too). */
    private static final long CHECK_MILLIS = 100;

    private final ScheduledExecutorService scheduler;

    InitStart(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** True when the container was started; false when runc should start it (or tell why it cannot). */
    boolean start(Path stateDir, long initPid) throws IOException {
        Path fifo = stateDir.resolve(EXEC_FIFO);
        if (initPid <= 1 || !Files.exists(fifo) || InitSignals.liveStartTime(initPid) == null) {
            return false;
        }
        // Read and write: the open never blocks (Linux), so init's open for writing cannot wait for it either; and
        // the channel can be closed from another thread, which ends a read that an init that died would never feed.
        try (FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ScheduledFuture<?> watchdog = scheduler.scheduleWithFixedDelay(() -> closeIfGone(channel, initPid),
                    CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
            try {
                if (channel.read(ByteBuffer.allocate(1)) != 1) {
                    return false;
                }
            } catch (AsynchronousCloseException initGone) {
                return false;
            } finally {
                watchdog.cancel(false);
            }
        }
        Files.deleteIfExists(fifo);
        return true;
    }

    private static void closeIfGone(FileChannel channel, long initPid) {
        try {
            if (InitSignals.liveStartTime(initPid) == null) {
                channel.close();
            }
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }
}
