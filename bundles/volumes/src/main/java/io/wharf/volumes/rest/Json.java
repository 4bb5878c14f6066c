package io.wharf.volumes.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import java.io.IOException;

/** Request bodies: malformed JSON or mistyped fields are the client's mistake (400), as dockerd answers them. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /** The body as {@code type}; null for an empty body, which dockerd accepts as all defaults. */
    static <T> T readRequest(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw EngineException.invalid("invalid JSON: %s", detail);
        }
    }
}
