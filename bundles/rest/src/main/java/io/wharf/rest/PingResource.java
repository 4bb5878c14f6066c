package io.wharf.rest;

import io.wharf.api.rest.RestResources;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code /_ping}: what clients call first to learn the API version and the server's traits. */
@Path("/_ping")
public final class PingResource {
    @GET
    public Response get() {
        return headers(Response.ok("OK", "text/plain; charset=utf-8"));
    }

    @HEAD
    public Response head() {
        return headers(Response.ok().type("text/plain; charset=utf-8"));
    }

    private static Response headers(Response.ResponseBuilder ok) {
        return ok.header("API-Version", RestResources.CURRENT_API_VERSION)
                .header("OSType", "linux")
                .header("Docker-Experimental", "false")
                .header("Builder-Version", "1")
                .header("Swarm", "inactive")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .build();
    }
}
