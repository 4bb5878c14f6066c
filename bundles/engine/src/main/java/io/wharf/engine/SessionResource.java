package io.wharf.engine;

import io.wharf.api.rest.RestResources;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;

/** {@code POST /session}, refused by {@link SessionRefusal} as a daemon without BuildKit refuses it. */
@Component(service = Object.class, property = RestResources.RESOURCE_PROPERTY + "=true")
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {
    private final SessionRefusal sessions = new SessionRefusal();

    @POST
    public void start(@HeaderParam("Upgrade") String upgrade) {
        throw sessions.refusal(upgrade);
    }
}
