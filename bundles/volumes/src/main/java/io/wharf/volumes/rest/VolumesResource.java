package io.wharf.volumes.rest;

import static io.wharf.support.QueryValues.bool;

import io.wharf.api.rest.JaxrsResource;
import io.wharf.api.rest.RestResources;
import io.wharf.support.Json;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code /volumes} endpoints of the Docker Engine API; the bodies are the wire records beside it. Each method
 * parses HTTP and calls the {@link VolumesBackend}.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public final class VolumesResource {
    private final VolumesBackend backend;

    @Activate
    public VolumesResource(@Reference VolumesBackend backend) {
        this.backend = backend;
    }

    @GET
    public VolumeListBody list(@QueryParam("filters") String filters) {
        return backend.list(filters);
    }

    @POST
    @Path("/create")
    public Response create(InputStream body) throws IOException {
        CreateVolumeRequest request = Json.readRequest(body == null ? null : body.readAllBytes(),
                CreateVolumeRequest.class);
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(backend.create(request)).build();
    }

    @GET
    @Path("/{name}")
    public VolumeBody inspect(@PathParam("name") String name) {
        return backend.inspect(name);
    }

    @DELETE
    @Path("/{name}")
    public Response remove(@PathParam("name") String name, @QueryParam("force") String force) {
        backend.remove(name, bool(force));
        return Response.noContent().build();
    }

    @POST
    @Path("/prune")
    public VolumePruneBody prune(@QueryParam("filters") String filters,
                                 @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        return backend.prune(filters, apiVersion);
    }
}
