package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.build.BuildCachePruneOptions;
import io.wharf.api.build.BuildCacheRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which records a prune takes: unshared ones unless all, unused since the bound, least recently used first. */
class CachePrunerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static BuildCacheRecord record(String id, boolean shared, long size, int createdHour, Integer usedHour) {
        return new BuildCacheRecord(id, List.of(), "regular", "RUN " + id, false, shared, size,
                T0.plusSeconds(3600L * createdHour), usedHour == null ? null : T0.plusSeconds(3600L * usedHour),
                usedHour == null ? 0 : 1);
    }

    private static final List<BuildCacheRecord> RECORDS = List.of(
            record("old", false, 100, 0, null),
            record("used-late", false, 200, 1, 10),
            record("kept-image", true, 300, 2, null),
            record("new", false, 400, 5, null));

    private static List<String> select(boolean all, long keep, Instant before) {
        return CachePruner.select(RECORDS, new BuildCachePruneOptions(all, keep, before, r -> true));
    }

    @Test
    void withoutAllSharedRecordsStayAndTheLeastRecentlyUsedGoFirst() {
        assertEquals(List.of("old", "new", "used-late"), select(false, 0, null));
        assertEquals(List.of("old", "kept-image", "new", "used-late"), select(true, 0, null));
    }

    @Test
    void untilKeepsWhatWasUsedSinceAndKeepStorageStopsOnceTheRestFits() {
        assertEquals(List.of("old", "new"), select(false, 0, T0.plusSeconds(3600 * 6)),
                "used-late was used at hour 10");
        assertEquals(List.of("old", "new"), select(false, 600, null), "1000 bytes in all, 100 + 400 free 500");
        assertEquals(List.of(), select(false, 5000, null));
    }

    @Test
    void filtersNarrowTheCandidates() {
        assertEquals(List.of("new"), CachePruner.select(RECORDS,
                new BuildCachePruneOptions(false, 0, null, r -> r.id().startsWith("ne"))));
    }
}
