package io.wharf.engine;

import io.wharf.api.build.ImageBuilder;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ImageService;
import io.wharf.api.volume.VolumeService;
import io.wharf.engine.rest.DiskUsageBody;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** What {@code GET /system/df} needs: the report of the {@code types} asked for (all when empty). */
interface DiskUsageBackend {
    DiskUsageBody report(List<String> types);

    /** A {@link DiskUsage} over whichever services are present at the time of each call. */
    static DiskUsageBackend of(Supplier<ImageService> images, Supplier<ContainerService> containers,
                               Supplier<VolumeService> volumes, Supplier<ImageBuilder> builder, Clock clock) {
        return types -> new DiskUsage(images.get(), containers.get(), volumes.get(), builder.get(), clock.instant())
                .report(types);
    }
}
