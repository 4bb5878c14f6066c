package io.wharf.builder.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.build.BuildCachePruneOptions;
import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.errors.EngineException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /build/prune's filters as dockerd reads them. */
class PruneFiltersTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final BuildCacheRecord SHARED = new BuildCacheRecord("abc123", List.of("p1"), "regular",
            "RUN x", false, true, 5, NOW, null, 0);

    @Test
    void untilAndUnusedForAreDurationsOrTimesButNeverBoth() {
        assertEquals(NOW.minusSeconds(86400), PruneFilters.options(false, 0, "{\"until\":{\"24h\":true}}", NOW)
                .unusedBefore());
        assertEquals(NOW.minusSeconds(600), PruneFilters.options(false, 0, "{\"unused-for\":[\"10m\"]}", NOW)
                .unusedBefore());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"),
                PruneFilters.options(false, 0, "{\"until\":[\"2026-01-01T00:00:00Z\"]}", NOW).unusedBefore());
        assertNull(PruneFilters.options(true, 0, null, NOW).unusedBefore());
        assertThrows(EngineException.class,
                () -> PruneFilters.options(false, 0, "{\"until\":[\"1h\"],\"unused-for\":[\"2h\"]}", NOW));
        assertThrows(EngineException.class, () -> PruneFilters.options(false, 0, "{\"until\":[\"soon\"]}", NOW));
        assertThrows(EngineException.class, () -> PruneFilters.options(false, 0, "{\"until\":[\"1h\",\"2h\"]}",
                NOW));
    }

    @Test
    void recordFiltersMatchAndUnknownKeysAreRejected() {
        BuildCachePruneOptions options = PruneFilters.options(true, 10, "{\"id\":[\"c12\"],\"shared\":[\"true\"],"
                + "\"parent\":[\"p1\"],\"type\":[\"regular\"]}", NOW);
        assertTrue(options.all());
        assertEquals(10, options.keepStorage());
        assertTrue(options.filter().test(SHARED));
        assertFalse(PruneFilters.options(true, 0, "{\"private\":[\"true\"]}", NOW).filter().test(SHARED));
        assertFalse(PruneFilters.options(true, 0, "{\"description\":[\"RUN y\"]}", NOW).filter().test(SHARED));
        EngineException unknown = assertThrows(EngineException.class,
                () -> PruneFilters.options(false, 0, "{\"colour\":[\"red\"]}", NOW));
        assertEquals("invalid filter 'colour'", unknown.getMessage());
        assertThrows(EngineException.class, () -> PruneFilters.options(false, -1, null, NOW));
        assertTrue(PruneFilters.options(false, 0, "{\"label\":[\"a=b\"]}", NOW).filter().test(SHARED),
                "docker system prune passes its label filters on; dockerd ignores them here");
    }
}
