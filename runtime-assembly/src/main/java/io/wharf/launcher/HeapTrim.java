package io.wharf.launcher;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps the serial collector's old generation near what it holds. Under steady load the serial collector promotes
 * short-lived request objects and grows the old generation to make room for them instead of collecting it (JDK 25
 * ran a 30-minute soak with no full collection while the old generation grew by ~1 MiB a minute towards -Xmx), so
 * the daemon's memory would climb for hours. G1 has a periodic collection for this (G1PeriodicGCInterval); the
 * serial collector has none, so this check asks for one when the old generation's committed size is far above
 * what was live after the last full collection. With -XX:-ShrinkHeapInSteps that collection gives the room back.
 * The same holds at a smaller scale after every burst of work (and after the start): the old generation keeps the
 * requests' promoted garbage (~15 MiB after the dockerd comparison's suite) until it fills. So a check that finds the
 * daemon idle (no young collection since the check before: nothing allocates) collects once the old generation holds
 * {@link #IDLE_SLACK_BYTES} more than the last full collection kept; a pause nobody waits for then.
 */
final class HeapTrim implements Runnable {
    /** Below this the old generation is left alone: a collection would save less than it costs. */
    static final long FLOOR_BYTES = 48L << 20;
    /** What an idle daemon's old generation may hold above its live data before it is collected. */
    static final long IDLE_SLACK_BYTES = 4L << 20;

    private final Supplier<MemoryUsage> oldGeneration;
    private final Supplier<MemoryUsage> afterLastFullCollection;
    private final LongSupplier youngCollections;
    private final Runnable fullCollection;
    private long youngCollectionsBefore = -1;

    HeapTrim(Supplier<MemoryUsage> oldGeneration, Supplier<MemoryUsage> afterLastFullCollection,
             LongSupplier youngCollections, Runnable fullCollection) {
        this.oldGeneration = oldGeneration;
        this.afterLastFullCollection = afterLastFullCollection;
        this.youngCollections = youngCollections;
        this.fullCollection = fullCollection;
    }

    /** The check for this JVM's serial old generation ("Tenured Gen"), if it runs the serial collector. */
    static Optional<HeapTrim> forSerialCollector() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().equals("Tenured Gen"))
                .findFirst()
                .flatMap(pool -> ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .filter(gc -> gc.getName().equals("Copy")) // the serial young collector
                        .findFirst()
                        .map(young -> of(pool, young)));
    }

    private static HeapTrim of(MemoryPoolMXBean pool, GarbageCollectorMXBean young) {
        return new HeapTrim(pool::getUsage, pool::getCollectionUsage, young::getCollectionCount, System::gc);
    }

    /** What the last full collection kept (0 before the first). */
    private long live() {
        MemoryUsage kept = afterLastFullCollection.get();
        return kept == null ? 0 : kept.getUsed();
    }

    /** Twice what the last full collection kept, and at least {@link #FLOOR_BYTES}. */
    long limit() {
        return Math.max(FLOOR_BYTES, 2 * live());
    }

    @Override
    public void run() {
        long young = youngCollections.getAsLong();
        boolean idle = young == youngCollectionsBefore;
        youngCollectionsBefore = young;
        MemoryUsage now = oldGeneration.get();
        if (now != null && (now.getCommitted() > limit() || idle && now.getUsed() > live() + IDLE_SLACK_BYTES)) {
            fullCollection.run();
        }
    }
}
