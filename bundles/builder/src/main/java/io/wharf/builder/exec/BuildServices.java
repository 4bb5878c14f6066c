package io.wharf.builder.exec;

import io.wharf.api.image.ImageService;
import io.wharf.api.registry.DistributionService;
import java.util.function.Supplier;

/** What a build works with: the image store, the registry client (when present) and the step runner. */
record BuildServices(ImageService images, Supplier<DistributionService> distribution, Steps steps) {
}
