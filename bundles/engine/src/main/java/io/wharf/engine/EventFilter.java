package io.wharf.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.Event;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} of docker events, matched as moby's daemon/events/filter.go does: every given key must
 * match (values of one key are alternatives, labels all must match); container, volume, network, daemon and
 * plugin match the actor's ID or {@code name} attribute by prefix; image matches the ID, the image name and the
 * name without its tag.
 */
public final class EventFilter {
    private static final Set<String> KEYS = Set.of("type", "event", "container", "image", "label", "volume",
            "network", "daemon", "plugin", "scope", "node", "service", "secret", "config");
    private static final Set<String> FUZZY_EVENTS = Set.of("health_status", "exec_create", "exec_start");

    /** A value no event attribute can have (NUL never occurs in names). */
    private static final String NOTHING = "\u0000";

    private final Map<String, Set<String>> fields;

    private EventFilter(Map<String, Set<String>> fields) {
        this.fields = fields;
    }

    public static EventFilter none() {
        return new EventFilter(Map.of());
    }

    /**
     * Parses Docker's filter JSON: {@code {"type":{"container":true}}} as the CLI sends it, or the older
     * {@code {"type":["container"]}}. Malformed JSON and unknown keys are the client's mistake.
     */
    public static EventFilter parse(String json) {
        if (json == null || json.isBlank()) {
            return none();
        }
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            JsonToken start = p.nextToken();
            if (start == JsonToken.VALUE_NULL) {
                return none();
            }
            if (start != JsonToken.START_OBJECT) {
                throw invalidJson(json);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                fields.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(values(p, json));
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw invalidJson(json);
            }
        } catch (IOException e) {
            throw invalidJson(json);
        }
        for (String key : fields.keySet()) {
            if (!KEYS.contains(key)) {
                throw EngineException.invalid("invalid filter '%s'", key);
            }
        }
        return new EventFilter(fields);
    }

    private static Set<String> values(JsonParser p, String json) throws IOException {
        Set<String> values = new LinkedHashSet<>();
        JsonToken token = p.nextToken();
        if (token == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String value = p.currentName();
                JsonToken flag = p.nextToken();
                if (flag != JsonToken.VALUE_TRUE && flag != JsonToken.VALUE_FALSE) {
                    throw invalidJson(json);
                }
                if (flag == JsonToken.VALUE_TRUE) {
                    values.add(value);
                }
            }
            if (values.isEmpty()) {
                values.add(NOTHING); // Go keeps false entries: the key filters, and nothing matches it
            }
        } else if (token == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw invalidJson(json);
                }
                values.add(p.getText());
            }
        } else {
            throw invalidJson(json);
        }
        return values;
    }

    private static EngineException invalidJson(String json) {
        return EngineException.invalid("invalid filter: %s", json);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean matches(Event e) {
        return matchAction(e)
                && exact("type", e.type())
                && exact("scope", "local")
                && name("daemon", e) && name("container", e) && name("plugin", e) && name("volume", e)
                && name("network", e) && name("node", e) && name("service", e) && name("secret", e)
                && name("config", e)
                && matchImage(e)
                && matchLabels(e.attributes());
    }

    /** health_status, exec_create and exec_start carry a suffix ("exec_start: sh"), so they match by prefix. */
    private boolean matchAction(Event e) {
        Set<String> wanted = fields.get("event");
        if (wanted != null && wanted.stream().anyMatch(FUZZY_EVENTS::contains)) {
            return fuzzy("event", e.action());
        }
        return exact("event", e.action());
    }

    private boolean name(String type, Event e) {
        return fuzzy(type, e.actorId()) || fuzzy(type, e.attributes().get("name"));
    }

    private boolean matchImage(Event e) {
        String name = e.attributes().get("image".equals(e.type()) ? "name" : "image");
        return exact("image", e.actorId()) || exact("image", name)
                || exact("image", stripTag(e.actorId())) || exact("image", stripTag(name));
    }

    private boolean matchLabels(Map<String, String> attributes) {
        Set<String> labels = fields.get("label");
        if (labels == null || labels.isEmpty()) {
            return true;
        }
        for (String label : labels) {
            int eq = label.indexOf('=');
            String key = eq < 0 ? label : label.substring(0, eq);
            String value = attributes.get(key);
            if (value == null || (eq >= 0 && !value.equals(label.substring(eq + 1)))) {
                return false;
            }
        }
        return true;
    }

    /** True when the key is not filtered on, or one of its values equals {@code source}. */
    private boolean exact(String key, String source) {
        Set<String> values = fields.get(key);
        return values == null || values.isEmpty() || (source != null && values.contains(source));
    }

    /** True when the key is not filtered on, or {@code source} starts with one of its values. */
    private boolean fuzzy(String key, String source) {
        Set<String> values = fields.get(key);
        if (values == null || values.isEmpty()) {
            return true;
        }
        if (source == null) {
            return false;
        }
        for (String value : values) {
            if (source.startsWith(value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code busybox:1} and {@code docker.io/library/busybox:1} become {@code busybox}; digests go too. */
    static String stripTag(String image) {
        if (image == null || image.isEmpty() || image.startsWith("sha256:")) {
            return image;
        }
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        if (name.startsWith("docker.io/")) {
            name = name.substring("docker.io/".length());
        }
        if (name.startsWith("library/") && name.indexOf('/', "library/".length()) < 0) {
            name = name.substring("library/".length());
        }
        return name;
    }
}
