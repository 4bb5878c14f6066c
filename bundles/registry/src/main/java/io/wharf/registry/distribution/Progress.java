package io.wharf.registry.distribution;

import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Docker's per-layer progress lines: statuses by layer ID, and byte progress with both {@code progressDetail}
 * (which the CLI draws its bar from) and the pre-rendered {@code progress} text dockerd also sends. Byte
 * progress is throttled as dockerd throttles it ({@link ProgressThrottle}) so that a fast local pull does not
 * flood the stream. Thread-safe: download threads report concurrently.
 */
public final class Progress {
    private static final int BAR_WIDTH = 50;
    private final ProgressListener listener;
    private final LongSupplier nanoClock;

    public Progress(ProgressListener listener) {
        this(listener, System::nanoTime);
    }

    /** @param nanoClock what the throttle of {@link #meter meters} reads the time from */
    Progress(ProgressListener listener, LongSupplier nanoClock) {
        this.listener = listener;
        this.nanoClock = nanoClock;
    }

    public synchronized void status(String id, String status) {
        listener.onProgress(ProgressMessage.status(id, status));
    }

    public synchronized void status(String status) {
        listener.onProgress(ProgressMessage.status(status));
    }

    public synchronized void message(ProgressMessage m) {
        listener.onProgress(m);
    }

    public synchronized void bytes(String id, String status, long current, long total) {
        listener.onProgress(new ProgressMessage(status, id, new ProgressMessage.Detail(current, total),
                bar(current, total), null, null, null, null));
    }

    /** A byte counter that reports as {@link ProgressThrottle} allows, and at the end. */
    public Meter meter(String id, String status, long total) {
        return new Meter(id, status, total);
    }

    public final class Meter {
        private final String id;
        private final String status;
        private final long total;
        private final ProgressThrottle throttle;
        private long current;

        Meter(String id, String status, long total) {
            this.id = id;
            this.status = status;
            this.total = total;
            this.throttle = new ProgressThrottle(total, nanoClock);
        }

        public void set(long value) {
            current = value;
            if (throttle.due(current)) {
                bytes(id, status, current, total);
            }
        }

        public void add(long n) {
            set(current + n);
        }

        public long current() {
            return current;
        }
    }

    /** jsonmessage.JSONProgress.String(): {@code [=====>      ]  1.05MB/2.1MB}. */
    static String bar(long current, long total) {
        String numbers = humanSize(current) + (total > 0 ? "/" + humanSize(total) : "");
        if (total <= 0) {
            return numbers;
        }
        long clamped = Math.min(current, total);
        int filled = (int) (BAR_WIDTH * clamped / total);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return b.append("] ").append(String.format(Locale.ROOT, "%8s", numbers)).toString();
    }

    /** go-units HumanSizeWithPrecision(size, 3): decimal units, three significant digits. */
    static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < units.length - 1) {
            size /= 1000;
            unit++;
        }
        String n = new java.math.BigDecimal(size).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
        return n + units[unit];
    }
}
