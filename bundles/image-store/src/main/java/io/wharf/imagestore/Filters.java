package io.wharf.imagestore;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Docker's {@code filters} query parameter: {@code {"key":{"value":true}}} or the old {@code {"key":["value"]}}. */
public final class Filters {
    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Filters parse(String json) {
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
                Iterator<Map.Entry<String, JsonNode>> inner = v.fields();
                while (inner.hasNext()) {
                    Map.Entry<String, JsonNode> e = inner.next();
                    if (!e.getValue().isBoolean()) {
                        throw EngineException.invalid("invalid filter: value of %s must be a boolean", f.getKey());
                    }
                    if (e.getValue().asBoolean()) {
                        list.add(e.getKey());
                    }
                }
            } else if (v.isArray()) {
                for (JsonNode e : v) {
                    list.add(e.asText());
                }
            } else {
                throw EngineException.invalid("invalid filter: value of %s must be an object", f.getKey());
            }
            values.put(f.getKey(), list);
        }
        return new Filters(values);
    }

    public void validate(Set<String> accepted) {
        for (String key : values.keySet()) {
            if (!accepted.contains(key)) {
                throw EngineException.invalid("invalid filter '%s'", key);
            }
        }
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** A boolean filter such as {@code dangling}: null when absent; an error for values other than true/false. */
    public Boolean bool(String key) {
        List<String> v = values.get(key);
        if (v == null || v.isEmpty()) {
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

    /** Go's path.Match: {@code *} and {@code ?} do not cross '/', character classes with '^' negation. */
    public static boolean pathMatch(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (++i >= pattern.length()) {
                        throw EngineException.invalid("syntax error in pattern");
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                }
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        throw EngineException.invalid("syntax error in pattern");
                    }
                    String cls = pattern.substring(i + 1, end);
                    if (cls.startsWith("^")) {
                        cls = "^" + cls.substring(1).replace("[", "\\[").replace("&&", "\\&\\&");
                    } else {
                        cls = cls.replace("[", "\\[").replace("&&", "\\&\\&");
                    }
                    re.append('[').append(cls).append(']');
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.matches(re.toString(), name);
        } catch (PatternSyntaxException e) {
            throw EngineException.invalid("syntax error in pattern");
        }
    }
}
