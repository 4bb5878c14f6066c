package io.wharf.networks.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.networks.core.NetworkDetails;
import io.wharf.networks.core.NetworkManager;
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
import java.time.Clock;
import java.util.List;

/**
 * The network endpoints of the Docker Engine API but connect and disconnect, which the container engine serves
 * since they act on a container.
 */
@Path("/networks")
@Produces(MediaType.APPLICATION_JSON)
public final class NetworksResource {
    private final NetworkManager networks;
    private final Clock clock;

    public NetworksResource(NetworkManager networks, Clock clock) {
        this.networks = networks;
        this.clock = clock;
    }

    @GET
    public List<NetworkBody> list(@QueryParam("filters") String filters) {
        return NetworkFilters.list(networks.allDetails(), filters).stream().map(d -> NetworkBody.of(d, false))
                .toList();
    }

    @GET
    @Path("/{id}")
    public NetworkBody inspect(@PathParam("id") String id, @QueryParam("verbose") String verbose,
                               @QueryParam("scope") String scope) {
        NetworkDetails d = networks.details(id);
        if (scope != null && !scope.isEmpty() && !scope.equals(d.info().scope())) {
            throw EngineException.notFound("network %s not found", id);
        }
        return NetworkBody.of(d, true);
    }

    @POST
    @Path("/create")
    public Response create(InputStream body) throws IOException {
        CreateNetworkBody request = Json.readRequiredRequest(body == null ? null : body.readAllBytes(),
                CreateNetworkBody.class);
        NetworkCreateBody answer = NetworkCreateBody.of(networks.create(request.toRequest()));
        return Response.status(Response.Status.CREATED).entity(answer).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id) {
        networks.remove(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/prune")
    public NetworkPruneBody prune(@QueryParam("filters") String filters) {
        return new NetworkPruneBody(networks.prune(NetworkFilters.prune(filters, clock.instant())));
    }
}
