package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
    private static final long MIB = 1 << 20;
    private final AtomicInteger collections = new AtomicInteger();
    private final AtomicLong youngCollections = new AtomicLong();

    private static MemoryUsage committed(long bytes, long used) {
        return new MemoryUsage(bytes, used, bytes, 512 * MIB);
    }

    private void check(long committed, long keptAfterLastFull) {
        new HeapTrim(() -> committed(committed, committed), () -> committed(keptAfterLastFull, keptAfterLastFull),
                youngCollections::get, collections::incrementAndGet).run();
    }

    /** A trim that checks twice: with a young collection in between (busy) or none (idle). */
    private void checkTwice(boolean idle, long used, long keptAfterLastFull) {
        HeapTrim trim = new HeapTrim(() -> new MemoryUsage(0, used, 40 * MIB, 512 * MIB),
                () -> keptAfterLastFull < 0 ? null : committed(keptAfterLastFull, keptAfterLastFull),
                youngCollections::get, collections::incrementAndGet);
        trim.run();
        if (!idle) {
            youngCollections.incrementAndGet();
        }
        trim.run();
    }

    @Test
    void collectsAnIdleDaemonsPromotedGarbage() {
        checkTwice(true, 36 * MIB, 21 * MIB);
        assertEquals(1, collections.get());
    }

    @Test
    void collectsAfterTheStartOnceIdle() {
        checkTwice(true, 27 * MIB, -1); // no full collection yet
        assertEquals(1, collections.get());
    }

    @Test
    void leavesABusyDaemonsOldGenerationToTheLimit() {
        checkTwice(false, 36 * MIB, 21 * MIB);
        assertEquals(0, collections.get());
    }

    @Test
    void leavesAnIdleDaemonAloneWhenLittleAboveItsLiveData() {
        checkTwice(true, 24 * MIB, 21 * MIB);
        assertEquals(0, collections.get());
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
