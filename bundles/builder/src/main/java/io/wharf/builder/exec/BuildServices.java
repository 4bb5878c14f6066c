package io.wharf.builder.exec;

import io.wharf.api.image.ImageService;
import io.wharf.api.registry.DistributionService;
import io.wharf.builder.dockerfile.RecentDockerfiles;
import io.wharf.support.ImagePolicies;
import java.util.function.Supplier;

/**
 * What a build works with: the image store, the registry client (when present), the step runner, the image
 * policies its base images must pass and the parses of recent Dockerfiles.
 */
record BuildServices(ImageService images, Supplier<DistributionService> distribution, Steps steps,
                     ImagePolicies policies, RecentDockerfiles dockerfiles) {
}
