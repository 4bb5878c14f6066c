package io.wharf.containers.rest;

import io.wharf.api.errors.EngineException;
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
            NetworkConnectBody request = Requests.body(body, NetworkConnectBody.class);
            target.backend.connect(required(request.container()), network, request.endpointConfig());
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
            NetworkDisconnectBody request = Requests.body(body, NetworkDisconnectBody.class);
            target.backend.disconnect(required(request.container()), network, request.force());
            return Response.ok().build();
        }
    }

    private static String required(String container) {
        if (container == null || container.isEmpty()) {
            throw EngineException.invalid("Container is required");
        }
        return container;
    }
}
