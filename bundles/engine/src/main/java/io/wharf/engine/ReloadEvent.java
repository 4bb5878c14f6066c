package io.wharf.engine;

import io.wharf.api.events.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** dockerd's {@code daemon reload} event: what the reloaded configuration now says for the live keys. */
final class ReloadEvent {
    private ReloadEvent() {
    }

    static Event of(EngineConfiguration config) {
        return of(List.of(config.labels()), config.debug(), List.of(config.registryMirrors()),
                List.of(config.insecureRegistries()));
    }

    static Event of(List<String> labels, boolean debug, List<String> mirrors, List<String> insecureRegistries) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("labels", labels.toString());
        attributes.put("debug", String.valueOf(debug));
        attributes.put("registry-mirrors", mirrors.toString());
        attributes.put("insecure-registries", insecureRegistries.toString());
        return Event.now("daemon", "reload", "", attributes);
    }
}
