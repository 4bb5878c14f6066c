package io.wharf.engine;

import io.wharf.api.build.ImageBuilder;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.api.volume.VolumeService;
import io.wharf.engine.rest.DiskUsageBody;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /system/df}: docker system df, with whichever of the image, container and volume services and the builder
 * are present.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/system")
@Produces(MediaType.APPLICATION_JSON)
public final class DiskUsageResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageService images;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerService containers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VolumeService volumes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageBuilder builder;

    private final DiskUsageBackend backend = DiskUsageBackend.of(() -> images, () -> containers, () -> volumes,
            () -> builder, Clock.systemUTC());

    @GET
    @Path("df")
    public DiskUsageBody diskUsage(@QueryParam("type") List<String> types) {
        return backend.report(types);
    }
}
