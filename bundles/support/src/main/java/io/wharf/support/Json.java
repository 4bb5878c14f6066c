package io.wharf.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON mappers of the bundles, and request bodies read as dockerd reads them. */
public final class Json {
    /** State files and what a bundle writes itself: unknown keys are tolerated so older daemons read newer files. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .build();

    /** As {@link #MAPPER}, leaving null fields out of what it writes. */
    public static final ObjectMapper WITHOUT_NULLS = MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** Go's encoding/json matches keys case-insensitively, so clients send "name" or "Name". */
    private static final ObjectMapper ANY_CASE = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .build();

    private Json() {
    }

    /**
     * An optional request body as {@code type}: null for an empty body, which dockerd takes as all defaults;
     * malformed JSON or mistyped fields are the client's mistake (400).
     */
    public static <T> T readRequest(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return null;
        }
        return read(MAPPER, body, type);
    }

    /**
     * A request body that must be a JSON object, its keys matched in any case: an empty body, malformed JSON or
     * mistyped fields are the client's mistake (400).
     */
    public static <T> T readRequiredRequest(byte[] body, Class<T> type) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw EngineException.invalid("got EOF while reading request body");
        }
        T value = read(ANY_CASE, body, type);
        if (value == null) {
            throw EngineException.invalid("invalid JSON: the request body must be an object");
        }
        return value;
    }

    private static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw EngineException.invalid("invalid JSON: %s", detail);
        }
    }

    /** {@code value} as compact JSON. */
    public static byte[] bytes(Object value) {
        return write(MAPPER, value, false);
    }

    /** {@code value} as indented JSON, for state files people read. */
    public static byte[] prettyBytes(Object value) {
        return write(MAPPER, value, true);
    }

    private static byte[] write(ObjectMapper mapper, Object value, boolean pretty) {
        try {
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value)
                    : mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
