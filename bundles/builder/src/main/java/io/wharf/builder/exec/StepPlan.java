package io.wharf.builder.exec;

import io.wharf.api.image.Image;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import java.io.IOException;

/**
 * What one instruction will do to its stage, decided before anything runs so the cache can be asked first: the
 * history text, the runtime config after it, the layer work (null for a metadata step) and, for COPY/ADD, the
 * checksum of its sources.
 */
record StepPlan(String createdBy, String cacheText, ContainerConfig config, LayerWork work, String checksum) {

    /** Makes the step's layer on top of {@code base} and returns its diff ID. */
    @FunctionalInterface
    interface LayerWork {
        Digest make(Image base) throws IOException;
    }

    static StepPlan metadata(String createdBy, ContainerConfig config) {
        return new StepPlan(createdBy, createdBy, config, null, null);
    }
}
