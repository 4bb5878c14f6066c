package io.wharf.volumes.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumePruneFiltersTest {
    @Test
    void clientsBefore142PruneNamedVolumesToo() {
        assertEquals(Map.of("all", List.of("true")), VolumePruneFilters.forVersion(null, "1.24"));
        assertEquals(Map.of("all", List.of("true")), VolumePruneFilters.forVersion(null, "1.41"));
        assertEquals(Map.of("label", List.of("a"), "all", List.of("true")),
                VolumePruneFilters.forVersion("{\"label\":[\"a\"]}", "1.41"));
    }

    @Test
    void from142OnlyAnExplicitAllDoes() {
        assertEquals(Map.of(), VolumePruneFilters.forVersion(null, "1.42"));
        assertEquals(Map.of(), VolumePruneFilters.forVersion(null, null), "no version header: the current API");
        assertEquals(Map.of("all", List.of("true")), VolumePruneFilters.forVersion("{\"all\":[\"true\"]}", "1.50"));
    }

    @Test
    void anExplicitAllBefore142CountsTwiceAsInDockerd() {
        assertEquals(Map.of("all", List.of("true", "true")),
                VolumePruneFilters.forVersion("{\"all\":[\"true\"]}", "1.41"));
    }
}
