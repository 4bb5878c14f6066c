package io.wharf.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter: {@code {"key":{"value":true}}} or the older {@code {"key":["value"]}},
 * read as Docker's filters.Args does: each key maps to a set of values (a value given twice counts once).
 */
public final class Filters {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Values in the order the client gave them, without repeats. */
    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses the parameter; null or blank is no filter at all. Malformed JSON is the client's mistake. */
    public static Filters parse(String json) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return new Filters(values);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw EngineException.invalid("invalid filter: %s", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw EngineException.invalid("invalid filter: expected a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), List.copyOf(valuesOf(field.getKey(), field.getValue())));
        }
        return new Filters(values);
    }

    private static Set<String> valuesOf(String key, JsonNode node) {
        Set<String> set = new LinkedHashSet<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                // Docker decodes map[string]map[string]bool: anything but a boolean is a malformed filter
                if (!e.getValue().isBoolean()) {
                    throw EngineException.invalid("invalid filter: value of %s must be a boolean", key);
                }
                if (e.getValue().booleanValue()) {
                    set.add(e.getKey());
                }
            }
        } else if (node.isArray()) {
            node.forEach(e -> set.add(e.asText()));
        } else {
            throw EngineException.invalid("invalid filter: value of %s must be an object", key);
        }
        return set;
    }

    /** Rejects a key the endpoint does not know, as dockerd does. */
    public void validate(Set<String> accepted) {
        for (String key : values.keySet()) {
            if (!accepted.contains(key)) {
                throw EngineException.invalid("invalid filter '%s'", key);
            }
        }
    }

    /** Whether the client gave {@code key}, even without values (Docker's Args.Contains). */
    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** Whether {@code key} has at least one value. */
    public boolean has(String key) {
        return !get(key).isEmpty();
    }

    /** The values of {@code key}; empty when it is absent. */
    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Every key with its values, for services that take filters as a plain map. */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** A boolean filter such as {@code dangling}: null when absent; an error for values other than true/false. */
    public Boolean bool(String key) {
        List<String> v = get(key);
        if (v.isEmpty()) {
            return null;
        }
        boolean t = false;
        boolean f = false;
        for (String s : v) {
            if (s.equalsIgnoreCase("true") || s.equals("1")) {
                t = true;
            } else if (s.equalsIgnoreCase("false") || s.equals("0")) {
                f = true;
            } else {
                throw EngineException.invalid("invalid filter '%s=%s'", key, s);
            }
        }
        if (t && f) {
            throw EngineException.invalid("invalid filter '%s': conflicting values", key);
        }
        return t;
    }

    /** Docker's label filter: every {@code key} or {@code key=value} must match; no filters match everything. */
    public static boolean matchLabels(Collection<String> filters, Map<String, String> labels) {
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

    /**
     * Docker's {@code label} and {@code label!} filters as images and networks read them: every {@code wanted}
     * filter matches and, when there are {@code unwanted} ones, not all of them do.
     */
    public static boolean matchLabels(Collection<String> wanted, Collection<String> unwanted,
            Map<String, String> labels) {
        return matchLabels(wanted, labels) && (unwanted.isEmpty() || !matchLabels(unwanted, labels));
    }

    /** Go's path.Match: {@code *} and {@code ?} do not cross '/', character classes with '^' negation. */
    public static boolean pathMatch(String pattern, String name) {
        try {
            return GoPathMatch.matches(pattern, name);
        } catch (GoPathMatch.BadPatternException e) {
            throw EngineException.invalid("syntax error in pattern");
        }
    }
}
