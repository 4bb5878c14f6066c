package io.wharf.builder.exec;

import io.wharf.api.build.BuildCachePruneOptions;
import io.wharf.api.build.BuildCachePruneReport;
import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.build.BuildRequest;
import io.wharf.api.build.ImageBuilder;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.DistributionService;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The classic builder behind POST /build: unpacks the context under {@code <home>/tmp}, runs the Dockerfile's
 * steps through the container service and the image store, and keeps its cache in {@code <home>/cache.json}.
 * An unpacked context is deleted on a background thread once its build has answered, so the client does not
 * wait for the files to go.
 */
public final class ClassicBuilder implements ImageBuilder {

    private final ImageService images;
    private final Supplier<DistributionService> distribution;
    private final LinuxFs fs;
    private final Path home;
    private final Steps steps;
    private final BuildCache cache;
    private final CachePruner pruner;
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "wharf-build-context-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    public ClassicBuilder(ImageService images, ContainerService containers, ContainerLayerStore layers,
                          Supplier<DistributionService> distribution, LinuxFs fs, Path home, String dockerVersion,
                          Clock clock) throws IOException {
        this.images = images;
        this.distribution = distribution;
        this.fs = fs;
        this.home = home;
        this.cache = new BuildCache(home.resolve("cache.json"), images, clock);
        this.pruner = new CachePruner(cache, images);
        this.steps = new Steps(new ImageMaker(images, clock, dockerVersion), cache,
                new StepContainers(containers, layers, images), fs);
    }

    @Override
    public Digest build(BuildRequest request, InputStream context, ProgressListener output,
                        CompletionStage<Void> cancelled) throws IOException {
        BuildContext unpacked = BuildContext.receive(context, request.dockerfile(), home.resolve("tmp"), fs);
        try {
            return new Build(new BuildServices(images, distribution, steps), request, unpacked, output, cancelled)
                    .run();
        } finally {
            cleanup.execute(() -> deleteQuietly(unpacked));
        }
    }

    private static void deleteQuietly(BuildContext unpacked) {
        try {
            unpacked.close();
        } catch (IOException ignored) {
            // nothing waits for this; a context that cannot be deleted stays under <home>/tmp
        }
    }

    /** Every record goes; the step images only they kept go too. */
    @Override
    public BuildCachePruneReport pruneCache() throws IOException {
        return pruner.prune(BuildCachePruneOptions.everything());
    }

    @Override
    public BuildCachePruneReport pruneCache(BuildCachePruneOptions options) throws IOException {
        return pruner.prune(options);
    }

    @Override
    public List<BuildCacheRecord> cacheRecords() {
        return cache.records();
    }
}
