package io.wharf.registry.distribution;

import java.util.function.LongSupplier;

/**
 * Whether a byte count is worth a progress line, decided as moby's progress reader does: after {@link #STEP} more
 * bytes and at most once per {@link #INTERVAL_NANOS} (its 100 ms rate limit), and always for the first and the
 * last count. Without the time limit a pull from a local registry sent some 40 lines per 20 MiB layer, each
 * rendered, serialised and flushed by the daemon and parsed by the client, where dockerd sends a few.
 */
final class ProgressThrottle {
    static final long STEP = 512 * 1024;
    static final long INTERVAL_NANOS = 100_000_000L;

    private final long total;
    private final LongSupplier nanoClock;
    private long lastBytes = -1;
    private long lastNanos;

    /** @param total the count at which the work is done (its last line), or 0 when unknown */
    ProgressThrottle(long total, LongSupplier nanoClock) {
        this.total = total;
        this.nanoClock = nanoClock;
    }

    /** True when {@code current} should be reported now; it then counts as reported. */
    boolean due(long current) {
        if (current == lastBytes) {
            return false;
        }
        boolean last = total > 0 && current >= total;
        long now = nanoClock.getAsLong();
        if (lastBytes >= 0 && !last && (current - lastBytes < STEP || now - lastNanos < INTERVAL_NANOS)) {
            return false;
        }
        lastBytes = current;
        lastNanos = now;
        return true;
    }
}
