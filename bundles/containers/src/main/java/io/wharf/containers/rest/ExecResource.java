package io.wharf.containers.rest;

import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /exec/{id}/json and POST /exec/{id}/resize (start is hijacked). */
@Component(service = Object.class)
@JaxrsResource
@Path("/exec")
public class ExecResource {
    private final ExecBackend execs;

    @Activate
    public ExecResource(@Reference ExecBackend execs) {
        this.execs = execs;
    }

    @GET
    @Path("/{id}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public ExecInspectBody inspect(@PathParam("id") String id) {
        return execs.inspect(id);
    }

    @POST
    @Path("/{id}/resize")
    public Response resize(@PathParam("id") String id, @QueryParam("h") String h, @QueryParam("w") String w) {
        execs.resize(id, Requests.integer(h, "h", 0), Requests.integer(w, "w", 0));
        return Response.ok().build();
    }
}
