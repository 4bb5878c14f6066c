package io.wharf.imagestore;

import io.wharf.api.events.Event;
import io.wharf.api.model.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes image events ({@code tag}, {@code untag}, {@code delete}, {@code import}, ...) with the image's labels. */
final class ImageEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ImageEvents.class);

    private final ImageIndex index;
    private final Consumer<Event> sink;

    ImageEvents(ImageIndex index, Consumer<Event> sink) {
        this.index = index;
        this.sink = sink;
    }

    /** Publishes an event for an image still in the index (its labels are looked up now). */
    void publish(String action, Digest id, String name) {
        ImageRecord r = index.get(id);
        publish(action, id, attributes(r, name));
    }

    /** Publishes an event with attributes taken earlier (the image may be gone by now). */
    void publish(String action, Digest id, Map<String, String> attributes) {
        try {
            sink.accept(Event.now("image", action, id.toString(), attributes));
        } catch (RuntimeException e) {
            LOG.warn("event delivery failed: {}", e.toString());
        }
    }

    /** The event attributes of an image: its labels and {@code name}. */
    static Map<String, String> attributes(ImageRecord r, String name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (r != null) {
            attributes.putAll(r.labels());
        }
        attributes.put("name", name);
        return attributes;
    }
}
