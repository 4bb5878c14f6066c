package io.wharf.engine;

import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import org.osgi.service.component.annotations.Component;

/**
 * The swarm API (swarm, nodes, services, tasks, secrets, configs) answered as a dockerd outside any swarm does,
 * by {@link NonSwarmNode}; every request fails, so there is nothing to return. One template covers every path
 * below these roots so that a method or path moby does not route is its 404 "page not found", not Jersey's 405.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/{path: (?:swarm|nodes|services|tasks|secrets|configs)(?:/.*)?}")
@Produces(MediaType.APPLICATION_JSON)
public final class SwarmResource {
    private final NonSwarmNode node = new NonSwarmNode();

    @GET
    public void get(@Context UriInfo uri) {
        throw refusal("GET", uri);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public void post(@Context UriInfo uri, @HeaderParam("Content-Type") String contentType, InputStream body)
            throws IOException {
        throw node.refusal("POST", path(uri), contentType, body == null ? null : body.readAllBytes());
    }

    @DELETE
    public void delete(@Context UriInfo uri) {
        throw refusal("DELETE", uri);
    }

    private RuntimeException refusal(String method, UriInfo uri) {
        return node.refusal(method, path(uri));
    }

    private static String path(UriInfo uri) {
        return "/" + uri.getPath(false).replaceFirst("^/", "");
    }
}
