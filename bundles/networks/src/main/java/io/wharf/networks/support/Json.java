package io.wharf.networks.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wharf.api.errors.EngineException;
import java.io.IOException;

/** The mappers for the bundle's state files and for request bodies. */
public final class Json {
    /** State files: unknown keys are tolerated so older daemons can read newer files. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .build();

    /** Request bodies: Go's encoding/json matches keys case-insensitively, so clients send "name" or "Name". */
    private static final ObjectMapper REQUESTS = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .build();

    private Json() {
    }

    /** Reads a request body; an empty body, malformed JSON or mistyped fields are the client's mistake (400). */
    public static <T> T readRequest(byte[] body, Class<T> type) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw EngineException.invalid("got EOF while reading request body");
        }
        try {
            T value = REQUESTS.readValue(body, type);
            if (value == null) {
                throw EngineException.invalid("invalid JSON: the request body must be an object");
            }
            return value;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw EngineException.invalid("invalid JSON: %s", detail);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
