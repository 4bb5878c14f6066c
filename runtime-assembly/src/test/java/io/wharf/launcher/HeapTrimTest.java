package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
    private static final long MIB = 1 << 20;
    private final AtomicInteger collections = new AtomicInteger();

    private static MemoryUsage committed(long bytes, long used) {
        return new MemoryUsage(bytes, used, bytes, 512 * MIB);
    }

    private void check(long committed, long keptAfterLastFull) {
        new HeapTrim(() -> committed(committed, committed), () -> committed(keptAfterLastFull, keptAfterLastFull),
                collections::incrementAndGet).run();
    }

    @Test
    void collectsWhenTheOldGenerationGrewFarPastWhatTheLastFullCollectionKept() {
        check(85 * MIB, 22 * MIB);
        assertEquals(1, collections.get());
    }

    @Test
    void leavesASmallOldGenerationAlone() {
        check(40 * MIB, 0); // no full collection yet: the floor applies
        check(47 * MIB, 10 * MIB);
        assertEquals(0, collections.get());
    }

    @Test
    void allowsTwiceTheLiveDataAboveTheFloor() {
        check(79 * MIB, 40 * MIB);
        assertEquals(0, collections.get());
        check(81 * MIB, 40 * MIB);
        assertEquals(1, collections.get());
    }

    @Test
    void findsTheSerialOldGenerationOnlyUnderTheSerialCollector() {
        boolean serial = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(gc -> gc.getName().equals("MarkSweepCompact"));
        assertEquals(serial, HeapTrim.forSerialCollector().isPresent());
    }
}
