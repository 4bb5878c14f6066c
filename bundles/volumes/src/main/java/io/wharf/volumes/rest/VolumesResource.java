package io.wharf.volumes.rest;

import static io.wharf.support.QueryValues.bool;

import io.wharf.api.rest.RestResources;
import io.wharf.support.Filters;
import io.wharf.support.Json;
import io.wharf.support.QueryValues;
import io.wharf.volumes.service.VolumeManager;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** The {@code /volumes} endpoints of the Docker Engine API; the bodies are the wire records beside it. */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public final class VolumesResource {
    private final VolumeManager volumes;

    public VolumesResource(VolumeManager volumes) {
        this.volumes = volumes;
    }

    @GET
    public VolumeListBody list(@QueryParam("filters") String filters) {
        return VolumeListBody.of(volumes.list(Filters.parse(filters).asMap()));
    }

    @POST
    @Path("/create")
    public Response create(InputStream body) throws IOException {
        CreateVolumeRequest request = Json.readRequest(body == null ? null : body.readAllBytes(),
                CreateVolumeRequest.class);
        if (request == null) {
            request = new CreateVolumeRequest(null, null, null, null);
        }
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(VolumeBody.of(volumes.create(request.name(), request.driver(), request.driverOpts(),
                        request.labels()))).build();
    }

    @GET
    @Path("/{name}")
    public VolumeBody inspect(@PathParam("name") String name) {
        return VolumeBody.of(volumes.get(name));
    }

    @DELETE
    @Path("/{name}")
    public Response remove(@PathParam("name") String name, @QueryParam("force") String force) {
        volumes.remove(name, bool(force));
        return Response.noContent().build();
    }

    @POST
    @Path("/prune")
    public VolumePruneBody prune(@QueryParam("filters") String filters,
                                 @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        return VolumePruneBody.of(volumes.prune(VolumePruneFilters.forVersion(filters, apiVersion)));
    }
}
