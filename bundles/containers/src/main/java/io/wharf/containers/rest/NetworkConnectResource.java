package io.wharf.containers.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /networks/{id}/connect} and {@code /disconnect}: they change containers, so the containers bundle
 * serves them; the networks bundle serves the rest of /networks. A root resource whose path names both actions,
 * so that it does not clash with /networks (Jersey does not fall back from one root resource to another).
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/networks/{id}/{action: connect|disconnect}")
public final class NetworkConnectResource {
    private final NetworkAttachBackend backend;

    @Activate
    public NetworkConnectResource(@Reference NetworkAttachBackend backend) {
        this.backend = backend;
    }

    @POST
    public Response post(@PathParam("id") String network, @PathParam("action") String action, byte[] body)
            throws IOException {
        if (action.equals("connect")) {
            NetworkConnectBody request = Requests.body(body, NetworkConnectBody.class);
            backend.connect(required(request.container()), network, request.endpointConfig());
        } else {
            NetworkDisconnectBody request = Requests.body(body, NetworkDisconnectBody.class);
            backend.disconnect(required(request.container()), network, request.force());
        }
        return Response.ok().build();
    }

    private static String required(String container) {
        if (container == null || container.isEmpty()) {
            throw EngineException.invalid("Container is required");
        }
        return container;
    }
}
