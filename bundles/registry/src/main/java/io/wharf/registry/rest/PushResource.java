package io.wharf.registry.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.support.RegistryAuthHeader;
import io.wharf.support.ProgressStream;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /images/{name}/push. It shares the /images root path with the image store's resource; Jersey merges
 * root resources of the same path, and the method paths do not overlap.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/images")
public class PushResource {
    private final DistributionService distribution;

    @Activate
    public PushResource(@Reference DistributionService distribution) {
        this.distribution = distribution;
    }

    @POST
    @Path("/{name: .+}/push")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(@PathParam("name") String name, @QueryParam("tag") String tag,
                         @HeaderParam("X-Registry-Auth") String registryAuth) {
        ImageReference parsed = ImageReference.parse(name);
        if (parsed.digest() != null) {
            throw EngineException.invalid("cannot push a digest reference");
        }
        ImageReference ref = tag != null && !tag.isEmpty() ? parsed.withTag(tag) : parsed;
        boolean all = ref.tag() == null; // the Engine API: no tag pushes every local tag of the repository
        ProgressStream progress = ProgressStream.start("wharf-push", listener ->
                distribution.push(ref, all, RegistryAuthHeader.decode(registryAuth), listener));
        return Response.ok((StreamingOutput) progress::writeTo, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
