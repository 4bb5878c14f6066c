package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.progress.ProgressMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(5_000 * MS);

    @Test
    void aFastTransferReportsItsFirstAndLastCountOnly() {
        ProgressThrottle throttle = new ProgressThrottle(20 << 20, now::get);
        assertTrue(throttle.due(128 << 10), "the first count");
        for (long n = 256 << 10; n < 20 << 20; n += 128 << 10) {
            now.addAndGet(MS / 2); // 256 KiB a millisecond: all of it inside the 100 ms limit
            assertFalse(throttle.due(n), "at " + n);
        }
        assertTrue(throttle.due(20 << 20), "the last count");
        assertFalse(throttle.due(20 << 20), "the same count twice");
    }

    @Test
    void aSlowTransferReportsEveryStep() {
        ProgressThrottle throttle = new ProgressThrottle(0, now::get);
        assertTrue(throttle.due(1));
        now.addAndGet(500 * MS);
        assertFalse(throttle.due(ProgressThrottle.STEP), "less than a step since the last report");
        assertTrue(throttle.due(ProgressThrottle.STEP + 1));
        now.addAndGet(99 * MS);
        assertFalse(throttle.due(3 * ProgressThrottle.STEP), "less than 100 ms since the last report");
        now.addAndGet(MS);
        assertTrue(throttle.due(3 * ProgressThrottle.STEP));
    }

    @Test
    void metersUseTheThrottleAndAlwaysReportTheEnd() {
        List<ProgressMessage> seen = new ArrayList<>();
        Progress.Meter meter = new Progress(seen::add, now::get).meter("abc", "Extracting", 3_000_000);
        for (long v = 0; v < 3_000_000; v += 600_000) {
            meter.set(v);
            now.addAndGet(150 * MS);
        }
        meter.set(3_000_000);
        assertEquals(List.of(0L, 600_000L, 1_200_000L, 1_800_000L, 2_400_000L, 3_000_000L),
                seen.stream().map(m -> m.progressDetail().current()).toList());
    }
}
