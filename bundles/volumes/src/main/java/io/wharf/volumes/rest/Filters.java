package io.wharf.volumes.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's {@code filters} query parameter: {@code {"key":{"value":true}}} or the older {@code {"key":["value"]}}. */
final class Filters {
    private Filters() {
    }

    static Map<String, List<String>> parse(String json) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return values;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw EngineException.invalid("invalid filter: %s", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw EngineException.invalid("invalid filter: expected a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            List<String> list = new ArrayList<>();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                v.fields().forEachRemaining(e -> {
                    if (e.getValue().asBoolean()) {
                        list.add(e.getKey());
                    }
                });
            } else if (v.isArray()) {
                v.forEach(e -> list.add(e.asText()));
            } else {
                throw EngineException.invalid("invalid filter: value of %s must be an object", f.getKey());
            }
            values.put(f.getKey(), list);
        }
        return values;
    }
}
