package io.wharf.containers.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.support.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * {@code POST /networks/{id}/connect} and {@code /disconnect}: they change containers, so the containers bundle
 * serves them; the networks bundle serves the rest of /networks.
 */
public final class NetworkConnectResource {
    private final NetworkAttachBackend backend;

    public NetworkConnectResource(NetworkAttachBackend backend) {
        this.backend = backend;
    }

    /** Root resources with their own paths, so that they do not clash with the networks bundle's /networks. */
    @Path("/networks/{id}/connect")
    public static final class Connect {
        private final NetworkConnectResource target;

        public Connect(NetworkConnectResource target) {
            this.target = target;
        }

        @POST
        public Response connect(@PathParam("id") String network, byte[] body) throws IOException {
            JsonNode tree = Requests.object(body);
            String container = text(tree, "Container");
            target.backend.connect(container, network, endpoint(tree.get("EndpointConfig")));
            return Response.ok().build();
        }
    }

    @Path("/networks/{id}/disconnect")
    public static final class Disconnect {
        private final NetworkConnectResource target;

        public Disconnect(NetworkConnectResource target) {
            this.target = target;
        }

        @POST
        public Response disconnect(@PathParam("id") String network, byte[] body) throws IOException {
            JsonNode tree = Requests.object(body);
            String container = text(tree, "Container");
            boolean force = tree.has("Force") && tree.get("Force").asBoolean();
            target.backend.disconnect(container, network, force);
            return Response.ok().build();
        }
    }

    private static EndpointRecord endpoint(JsonNode config) {
        try {
            return config == null || config.isNull() ? new EndpointRecord()
                    : Json.MAPPER.treeToValue(config, EndpointRecord.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw EngineException.invalid("invalid EndpointConfig: %s", ex.getOriginalMessage());
        }
    }

    private static String text(JsonNode tree, String field) {
        JsonNode n = tree.get(field);
        if (n == null || n.asText().isEmpty()) {
            throw EngineException.invalid("%s is required", field);
        }
        return n.asText();
    }
}
