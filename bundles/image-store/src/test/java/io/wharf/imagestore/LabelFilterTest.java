package io.wharf.imagestore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelFilterTest {
    final Map<String, String> labels = Map.of("tier", "base", "team", "x");

    @Test
    void keysValuesAndNegation() {
        assertTrue(LabelFilter.matches(List.of(), labels));
        assertTrue(LabelFilter.matches(List.of("tier"), labels));
        assertTrue(LabelFilter.matches(List.of("tier=base", "team"), labels));
        assertFalse(LabelFilter.matches(List.of("tier=app"), labels));
        assertFalse(LabelFilter.matches(List.of("missing"), labels));
        assertFalse(LabelFilter.matches(List.of("!tier=base"), labels));
        assertTrue(LabelFilter.matches(List.of("!tier=app"), labels));
        // negations exclude only when all of them match
        assertTrue(LabelFilter.matches(List.of("!tier=base", "!team=y"), labels));
    }
}
