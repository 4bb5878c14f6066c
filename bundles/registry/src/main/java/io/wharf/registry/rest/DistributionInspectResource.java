package io.wharf.registry.rest;

import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.support.RegistryAuthHeader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /distribution/{name}/json: the manifest descriptor and platforms of a remote image. */
@Component(service = Object.class)
@JaxrsResource
@Path("/distribution")
public class DistributionInspectResource {
    private final DistributionService distribution;

    @Activate
    public DistributionInspectResource(@Reference DistributionService distribution) {
        this.distribution = distribution;
    }

    @GET
    @Path("/{name: .+}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public DistributionInspectResponse inspect(@PathParam("name") String name,
                                               @HeaderParam("X-Registry-Auth") String registryAuth) throws IOException {
        // an IOException is answered 500 with its message
        return DistributionInspectResponse.from(
                distribution.inspect(ImageReference.parse(name), RegistryAuthHeader.decode(registryAuth)));
    }
}
