package io.wharf.engine;

import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;

/** {@code POST /session}, refused by {@link SessionRefusal} as a daemon without BuildKit refuses it. */
@Component(service = Object.class)
@JaxrsResource
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {
    private final SessionRefusal sessions = new SessionRefusal();

    @POST
    public void start(@HeaderParam("Upgrade") String upgrade) {
        throw sessions.refusal(upgrade);
    }
}
