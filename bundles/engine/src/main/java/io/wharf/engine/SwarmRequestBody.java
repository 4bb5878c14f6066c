package io.wharf.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.util.Locale;

/**
 * moby's httputils.ReadJSON, which the swarm routes that take a body run before they reach the cluster: a body
 * that is not JSON is the client's 400 even on a node outside any swarm, where a valid one gets the 503.
 */
final class SwarmRequestBody {
    private static final JsonFactory JSON = new JsonFactory();

    private SwarmRequestBody() {
    }

    static void check(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return; // an empty body is no error (ReadJSON)
        }
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw EngineException.invalid("unsupported Content-Type header (%s): must be 'application/json'",
                    contentType == null ? "" : contentType);
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() == null) {
                throw EngineException.invalid("invalid JSON: got EOF while trying to decode request body");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw EngineException.invalid("unexpected content after JSON");
            }
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getMessage());
        }
    }
}
