package io.wharf.networks.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.networks.support.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Docker's {@code filters} query parameter: {@code {"key":{"value":true}}} or the older {@code {"key":["value"]}}. */
final class Filters {
    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    static Filters parse(String json) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return new Filters(values);
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
        return new Filters(values);
    }

    void validate(Set<String> accepted) {
        for (String key : values.keySet()) {
            if (!accepted.contains(key)) {
                throw EngineException.invalid("invalid filter '%s'", key);
            }
        }
    }

    boolean has(String key) {
        List<String> v = values.get(key);
        return v != null && !v.isEmpty();
    }

    List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Docker's label filter: every {@code key} or {@code key=value} must match. */
    static boolean matchLabels(List<String> filters, Map<String, String> labels) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                if (!labels.containsKey(f)) {
                    return false;
                }
            } else if (!f.substring(eq + 1).equals(labels.get(f.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }
}
