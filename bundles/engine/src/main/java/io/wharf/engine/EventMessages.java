package io.wharf.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.wharf.api.events.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events as dockerd encodes them (events.Message): the deprecated status/id/from are still filled for container
 * and image events, attributes are sorted (Go marshals maps that way), every event is "local" in scope.
 */
public final class EventMessages {
    private static final JsonFactory JSON = new JsonFactory();

    private EventMessages() {
    }

    /** One JSON object followed by a newline, as Go's json.Encoder writes it. */
    public static byte[] encode(Event e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            boolean container = "container".equals(e.type());
            if (container || "image".equals(e.type())) {
                g.writeStringField("status", e.action());
                g.writeStringField("id", e.actorId());
                String from = e.attributes().get("image");
                if (container && from != null && !from.isEmpty()) {
                    g.writeStringField("from", from);
                }
            }
            g.writeStringField("Type", e.type());
            g.writeStringField("Action", e.action());
            g.writeObjectFieldStart("Actor");
            g.writeStringField("ID", e.actorId() == null ? "" : e.actorId());
            g.writeObjectFieldStart("Attributes");
            for (Map.Entry<String, String> a : new TreeMap<>(e.attributes()).entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("scope", "local");
            g.writeNumberField("time", Math.floorDiv(e.timeNano(), 1_000_000_000L));
            g.writeNumberField("timeNano", e.timeNano());
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
