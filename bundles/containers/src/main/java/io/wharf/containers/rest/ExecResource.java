package io.wharf.containers.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** GET /exec/{id}/json and POST /exec/{id}/resize (start is hijacked). */
@Path("/exec")
public class ExecResource {
    private final ExecBackend execs;

    public ExecResource(ExecBackend execs) {
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
