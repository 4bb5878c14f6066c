package io.wharf.registry.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /auth: docker login's credential check. */
@Component(service = Object.class)
@JaxrsResource
@Path("/auth")
public class AuthResource {
    private final DistributionService distribution;

    /** SystemAuthResponse of the Engine API. */
    public record AuthResponse(@JsonProperty("Status") String status,
                               @JsonProperty("IdentityToken") String identityToken) {
    }

    @Activate
    public AuthResource(@Reference DistributionService distribution) {
        this.distribution = distribution;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public AuthResponse login(RegistryAuth auth) throws IOException {
        // an IOException is answered 500 with its message
        return new AuthResponse(distribution.login(auth), "");
    }
}
