package io.wharf.runtime.linux;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resizes a conmon-held terminal through its {@code ctl} FIFO: one {@code 1 rows cols} message per write.
 * conmon applies only the first message of a read, so two quick resizes can lose the second; the latest
 * size is therefore written again shortly after.
 */
final class TerminalResizer {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalResizer.class);
    static final long RESEND_DELAY_MS = 100;

    private final LinuxFs fs;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentMap<Path, int[]> latest = new ConcurrentHashMap<>();

    TerminalResizer(LinuxFs fs, ScheduledExecutorService scheduler) {
        this.fs = fs;
        this.scheduler = scheduler;
    }

    void resize(Path ctl, int height, int width) throws IOException {
        if (height <= 0 || width <= 0) {
            return; // the docker CLI sends 0x0 before it knows the size
        }
        int[] size = {height, width};
        latest.put(ctl, size);
        write(ctl, size);
        scheduler.schedule(() -> {
            if (latest.remove(ctl, size)) {
                try {
                    write(ctl, size);
                } catch (IOException e) {
                    LOG.debug("resize re-send to {} failed: {}", ctl, e.toString());
                }
            }
        }, RESEND_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void write(Path ctl, int[] size) throws IOException {
        byte[] message = ("1 " + size[0] + " " + size[1] + "\n").getBytes(StandardCharsets.US_ASCII);
        if (!fs.writeFifo(ctl, message)) {
            LOG.debug("no monitor reads {} (the process has exited); resize to {} dropped", ctl,
                    Arrays.toString(size));
        }
    }
}
