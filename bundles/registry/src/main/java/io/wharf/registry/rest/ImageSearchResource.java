package io.wharf.registry.rest;

import io.wharf.api.registry.DistributionService;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.support.RegistryAuthHeader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /images/search (docker search): a registry's repositories matching a term. On the {@code /images} root that
 * the image store's resource shares (Jersey merges them), so an image named "search" is still inspected there.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/images")
public class ImageSearchResource {
    private final DistributionService distribution;

    @Activate
    public ImageSearchResource(@Reference DistributionService distribution) {
        this.distribution = distribution;
    }

    @GET
    @Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SearchResponseItem> search(@QueryParam("term") String term, @QueryParam("limit") String limit,
                                           @QueryParam("filters") String filters,
                                           @HeaderParam("X-Registry-Auth") String registryAuth) throws IOException {
        // no or undecodable credentials search anonymously, as dockerd does
        return distribution.search(SearchParameters.parse(term, limit, filters), RegistryAuthHeader.decode(registryAuth))
                .stream().map(SearchResponseItem::from).toList();
    }
}
