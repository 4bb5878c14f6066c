package io.wharf.launcher;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps the serial collector's old generation near what it holds. Under steady load the serial collector promotes
 * short-lived request objects and grows the old generation to make room for them instead of collecting it (JDK 25
 * ran a 30-minute soak with no full collection while the old generation grew by ~1 MiB a minute towards -Xmx), so
 * the daemon's memory would climb for hours. G1 has a periodic collection for this (G1PeriodicGCInterval); the
 * serial collector has none, so this check asks for one when the old generation's committed size is far above
 * what was live after the last full collection. With -XX:-ShrinkHeapInSteps that collection gives the room back.
 */
final class HeapTrim implements Runnable {
    /** Below this the old generation is left alone: a collection would save less than it costs. */
    static final long FLOOR_BYTES = 48L << 20;

    private final Supplier<MemoryUsage> oldGeneration;
    private final Supplier<MemoryUsage> afterLastFullCollection;
    private final Runnable fullCollection;

    HeapTrim(Supplier<MemoryUsage> oldGeneration, Supplier<MemoryUsage> afterLastFullCollection,
             Runnable fullCollection) {
        this.oldGeneration = oldGeneration;
        this.afterLastFullCollection = afterLastFullCollection;
        this.fullCollection = fullCollection;
    }

    /** The check for this JVM's serial old generation ("Tenured Gen"), if it runs the serial collector. */
    static Optional<HeapTrim> forSerialCollector() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().equals("Tenured Gen"))
                .findFirst()
                .map(HeapTrim::of);
    }

    private static HeapTrim of(MemoryPoolMXBean pool) {
        return new HeapTrim(pool::getUsage, pool::getCollectionUsage, System::gc);
    }

    /** Twice what the last full collection kept, and at least {@link #FLOOR_BYTES}. */
    long limit() {
        MemoryUsage kept = afterLastFullCollection.get();
        long live = kept == null ? 0 : kept.getUsed();
        return Math.max(FLOOR_BYTES, 2 * live);
    }

    @Override
    public void run() {
        MemoryUsage now = oldGeneration.get();
        if (now != null && now.getCommitted() > limit()) {
            fullCollection.run();
        }
    }
}
