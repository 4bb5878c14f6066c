package io.wharf.containers.backend;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.containers.rest.ContainerSize;
import io.wharf.containers.store.Container;
import java.io.IOException;

/** A container's SizeRw and SizeRootFs (?size=1, prune's reclaimed space); zeros when they cannot be read. */
final class ContainerSizes {
    private final ImageService images;
    private final ContainerLayerStore layers;

    ContainerSizes(ImageService images, ContainerLayerStore layers) {
        this.images = images;
        this.layers = layers;
    }

    ContainerSize of(Container c) {
        try {
            long rw = layers.size(c.id());
            long image = 0;
            try {
                image = images.inspect(c.imageId()).size();
            } catch (EngineException ignored) {
                // the image is gone (forced removal)
            }
            return new ContainerSize(rw, rw + image);
        } catch (IOException | RuntimeException e) {
            return new ContainerSize(0, 0);
        }
    }
}
