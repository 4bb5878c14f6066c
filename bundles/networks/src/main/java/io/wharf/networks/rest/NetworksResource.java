package io.wharf.networks.rest;

import io.wharf.api.rest.JaxrsResource;
import io.wharf.support.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The network endpoints of the Docker Engine API but connect and disconnect, which the container engine serves
 * since they act on a container. Each method parses HTTP and calls the {@link NetworksBackend}.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/networks")
@Produces(MediaType.APPLICATION_JSON)
public final class NetworksResource {
    private final NetworksBackend backend;

    @Activate
    public NetworksResource(@Reference NetworksBackend backend) {
        this.backend = backend;
    }

    @GET
    public List<NetworkBody> list(@QueryParam("filters") String filters) {
        return backend.list(filters);
    }

    @GET
    @Path("/{id}")
    public NetworkBody inspect(@PathParam("id") String id, @QueryParam("verbose") String verbose,
                               @QueryParam("scope") String scope) {
        return backend.inspect(id, scope);
    }

    @POST
    @Path("/create")
    public Response create(InputStream body) throws IOException {
        CreateNetworkBody request = Json.readRequiredRequest(body == null ? null : body.readAllBytes(),
                CreateNetworkBody.class);
        return Response.status(Response.Status.CREATED).entity(backend.create(request))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id) {
        backend.remove(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/prune")
    public NetworkPruneBody prune(@QueryParam("filters") String filters) {
        return backend.prune(filters);
    }
}
