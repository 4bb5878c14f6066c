package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersTest {
    @Test
    void absentOrBlankIsNoFilter() {
        assertEquals(Map.of(), Filters.parse(null).asMap());
        assertEquals(Map.of(), Filters.parse(" ").asMap());
        assertEquals(List.of(), Filters.parse("{}").get("label"));
    }

    @Test
    void readsTheCurrentAndTheLegacyForm() {
        Filters f = Filters.parse("{\"label\":{\"a=b\":true,\"c\":true,\"off\":false},\"name\":[\"web\",\"db\"]}");
        assertEquals(List.of("a=b", "c"), f.get("label"), "false means not given");
        assertEquals(List.of("web", "db"), f.get("name"));
        assertEquals(List.of("label", "name"), List.copyOf(f.asMap().keySet()));
    }

    @Test
    void valuesAreASet() {
        assertEquals(List.of("x", "y"), Filters.parse("{\"id\":[\"x\",\"y\",\"x\"]}").get("id"));
    }

    @ParameterizedTest(name = "{0}: has {1}, contains {2}")
    @CsvSource({"driver, false, true", "name, false, true", "id, true, true", "label, false, false"})
    void hasMeansAtLeastOneValueContainsMeansGiven(String key, boolean has, boolean contains) {
        Filters f = Filters.parse("{\"driver\":[],\"name\":{\"web\":false},\"id\":[\"x\"]}");
        assertEquals(has, f.has(key));
        assertEquals(contains, f.contains(key));
    }

    @Test
    void malformedFiltersAreTheClientsMistake() {
        assertInvalid("{bad", null);
        assertInvalid("[\"label\"]", "invalid filter: expected a JSON object");
        assertInvalid("{\"label\":\"a\"}", "invalid filter: value of label must be an object");
        assertInvalid("{\"label\":{\"a\":\"true\"}}", "invalid filter: value of label must be a boolean");
    }

    @Test
    void validateNamesTheUnknownKey() {
        Filters f = Filters.parse("{\"until\":[\"1h\"]}");
        f.validate(Set.of("until", "label"));
        EngineException e = assertThrows(EngineException.class, () -> f.validate(Set.of("label")));
        assertEquals("invalid filter 'until'", e.getMessage());
    }

    @Test
    void booleanFilters() {
        assertNull(Filters.parse("{}").bool("dangling"));
        assertTrue(Filters.parse("{\"dangling\":{\"true\":true}}").bool("dangling"));
        assertTrue(Filters.parse("{\"dangling\":[\"1\"]}").bool("dangling"));
        assertFalse(Filters.parse("{\"dangling\":[\"FALSE\"]}").bool("dangling"));
        assertEquals("invalid filter 'dangling=maybe'", assertThrows(EngineException.class,
                () -> Filters.parse("{\"dangling\":[\"maybe\"]}").bool("dangling")).getMessage());
        assertEquals("invalid filter 'dangling': conflicting values", assertThrows(EngineException.class,
                () -> Filters.parse("{\"dangling\":[\"true\",\"0\"]}").bool("dangling")).getMessage());
    }

    @Test
    void labelsMatchByKeyOrKeyAndValue() {
        Map<String, String> labels = Map.of("tier", "web", "empty", "");
        assertTrue(Filters.matchLabels(List.of(), labels));
        assertTrue(Filters.matchLabels(List.of("tier", "tier=web", "empty="), labels));
        assertFalse(Filters.matchLabels(List.of("tier=db"), labels));
        assertFalse(Filters.matchLabels(List.of("tier", "missing"), labels));
    }

    @Test
    void unwantedLabelsExcludeOnlyWhenAllOfThemMatch() {
        Map<String, String> labels = Map.of("tier", "base", "team", "x");
        assertTrue(Filters.matchLabels(List.of("tier"), List.of(), labels));
        assertFalse(Filters.matchLabels(List.of("tier=app"), List.of(), labels));
        assertFalse(Filters.matchLabels(List.of(), List.of("tier=base"), labels));
        assertTrue(Filters.matchLabels(List.of(), List.of("tier=app"), labels));
        assertTrue(Filters.matchLabels(List.of(), List.of("tier=base", "team=y"), labels));
        assertFalse(Filters.matchLabels(List.of("team"), List.of("tier=base", "team=x"), labels));
    }

    @Test
    void pathMatchIsGosPathMatch() {
        assertTrue(Filters.pathMatch("busy*", "busybox"));
        assertFalse(Filters.pathMatch("*", "foo/bar"));
        assertTrue(Filters.pathMatch("*/*", "foo/bar"));
        assertTrue(Filters.pathMatch("b?sybox:[0-9]", "busybox:1"));
        assertFalse(Filters.pathMatch("busybox:[^0-9]", "busybox:1"));
        assertTrue(Filters.pathMatch("a\\*", "a*"));
        assertEquals("syntax error in pattern",
                assertThrows(EngineException.class, () -> Filters.pathMatch("[a", "a")).getMessage());
    }

    private static void assertInvalid(String json, String message) {
        EngineException e = assertThrows(EngineException.class, () -> Filters.parse(json));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }
}
