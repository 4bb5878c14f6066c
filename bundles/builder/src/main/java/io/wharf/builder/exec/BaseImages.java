package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.Image;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.DistributionService;
import java.io.IOException;

/**
 * Base images of FROM and {@code COPY --from}: the local one, or pulled (always with {@code pull}) with the
 * request's credentials for that registry. The image policies are asked before the pull, and about the image as
 * one a container is made from (the step containers then come from its descendants and are not asked about).
 */
final class BaseImages {
    private final BuildServices services;
    private final BuildRequest request;
    private final ProgressListener out;

    BaseImages(BuildServices services, BuildRequest request, ProgressListener out) {
        this.services = services;
        this.request = request;
        this.out = out;
    }

    Image resolve(String name) throws IOException {
        Image image = find(name);
        services.policies().checkRun(name, image);
        return image;
    }

    private Image find(String name) throws IOException {
        if (!request.pull()) {
            try {
                return services.images().inspect(name);
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (!ImageReference.isValid(name)) {
            throw EngineException.invalid("invalid reference format: %s", name);
        }
        ImageReference ref = ImageReference.parse(name);
        if (ref.digest() == null) {
            ref = ref.withDefaultTag();
        }
        services.policies().checkPull(ref);
        DistributionService distribution = services.distribution().get();
        if (distribution == null) {
            throw EngineException.notFound("No such image: %s", name);
        }
        distribution.pull(ref, null, false, RegistryAuths.forImage(request.registryAuths(), ref), out);
        return services.images().inspect(ref.familiarString());
    }
}
