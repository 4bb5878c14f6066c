package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code filters} parameter as a client may send it: whatever the text, the answer is a filter set or a
 * 400, and a parsed filter set written back in either of Docker's two forms reads as the same set.
 */
class FiltersFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"", "true", "false", "null", "\"label\"", "\"dangling\""})
    void parseIsTotalAndRoundTrips(byte[] input) throws Exception {
        Filters filters;
        try {
            filters = Filters.parse(new String(input, StandardCharsets.UTF_8));
        } catch (EngineException e) {
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
            return;
        }
        Map<String, List<String>> parsed = filters.asMap();
        assertEquals(parsed, Filters.parse(currentForm(parsed)).asMap());
        assertEquals(parsed, Filters.parse(legacyForm(parsed)).asMap());
        for (String key : parsed.keySet()) {
            assertTrue(filters.contains(key));
            assertEquals(!parsed.get(key).isEmpty(), filters.has(key));
            try {
                Boolean value = filters.bool(key);
                assertEquals(value != null, filters.has(key));
            } catch (EngineException e) {
                assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
            }
        }
        Filters.matchLabels(filters.get("label"), Map.of("a", "b", "c", ""));
    }

    /** Docker's current form: {@code {"key":{"value":true}}}. */
    private static String currentForm(Map<String, List<String>> filters) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        filters.forEach((key, values) -> {
            ObjectNode set = root.putObject(key);
            values.forEach(v -> set.put(v, true));
        });
        return JSON.writeValueAsString(root);
    }

    /** The form of API versions before 1.22: {@code {"key":["value"]}}. */
    private static String legacyForm(Map<String, List<String>> filters) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        filters.forEach((key, values) -> values.forEach(root.putArray(key)::add));
        return JSON.writeValueAsString(root);
    }
}
