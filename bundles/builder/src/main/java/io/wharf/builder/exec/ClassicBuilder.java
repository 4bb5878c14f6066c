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
import io.wharf.archive.DirectoryTrees;
import io.wharf.builder.dockerfile.RecentDockerfiles;
import io.wharf.builder.remote.HttpDownloads;
import io.wharf.builder.remote.RemoteContext;
import io.wharf.linux.LinuxFs;
import io.wharf.support.ImagePolicies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The classic builder behind POST /build: unpacks the context under {@code <home>/tmp}, runs the Dockerfile's
 * steps through the container service and the image store, and keeps its cache in {@code <home>/cache.json}.
 * An unpacked context is deleted on a background thread once its build has answered, so the client does not
 * wait for the files to go.
 */
public final class ClassicBuilder implements ImageBuilder {
    private static final String CACHE_FILE = "cache.json";

    private final ImageService images;
    private final Supplier<DistributionService> distribution;
    private final LinuxFs fs;
    private final Path home;
    private final String dockerVersion;
    private final Clock clock;
    private final StepContainers stepContainers;
    private final ImagePolicies policies;
    private final HttpDownloads downloads;
    private final RecentDockerfiles dockerfiles = new RecentDockerfiles();
    /** Made by the first build or prune, not at start-up: reading the cache takes JSON's start-up cost. */
    private Steps steps;
    private BuildCache cache;
    private CachePruner pruner;
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "wharf-build-context-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    public ClassicBuilder(ImageService images, ContainerService containers, ContainerLayerStore layers,
                          Supplier<DistributionService> distribution, LinuxFs fs, Path home, String dockerVersion,
                          Clock clock) throws IOException {
        this(images, containers, layers, distribution, fs, home, dockerVersion, clock, new ImagePolicies());
    }

    /** @param policies the image policies a build's base images must pass */
    public ClassicBuilder(ImageService images, ContainerService containers, ContainerLayerStore layers,
                          Supplier<DistributionService> distribution, LinuxFs fs, Path home, String dockerVersion,
                          Clock clock, ImagePolicies policies) throws IOException {
        this(images, containers, layers, distribution, fs, home, dockerVersion, clock, policies, new HttpDownloads());
    }

    /** @param downloads what fetches {@code ADD <url>} sources and remote contexts, within its size limit */
    public ClassicBuilder(ImageService images, ContainerService containers, ContainerLayerStore layers,
                          Supplier<DistributionService> distribution, LinuxFs fs, Path home, String dockerVersion,
                          Clock clock, ImagePolicies policies, HttpDownloads downloads) throws IOException {
        this.downloads = downloads;
        this.policies = policies;
        this.images = images;
        this.distribution = distribution;
        this.fs = fs;
        this.home = home;
        this.dockerVersion = dockerVersion;
        this.clock = clock;
        BuildCache.openArea(home, CACHE_FILE, clock);
        this.stepContainers = new StepContainers(containers, layers, images, new StepJournal(home.resolve("steps")));
        recoverFromCrash(stepContainers);
    }

    private synchronized Steps steps() throws IOException {
        if (steps == null) {
            cache = new BuildCache(home.resolve(CACHE_FILE), images, clock);
            pruner = new CachePruner(cache, images);
            steps = new Steps(new ImageMaker(images, clock, dockerVersion), cache, stepContainers, fs, downloads);
        }
        return steps;
    }

    /**
     * A daemon killed mid-build left the step containers its builds owned and their unpacked contexts: the
     * containers go (a RUN's is still running under its monitor), and so do the contexts, as no build runs yet.
     * Steps committed before the crash are in the cache already, so the next build resumes after them.
     */
    private void recoverFromCrash(StepContainers stepContainers) throws IOException {
        stepContainers.removeLeftovers();
        Path scratch = home.resolve("tmp");
        if (Files.isDirectory(scratch)) {
            try (Stream<Path> leftovers = Files.list(scratch)) {
                for (Path leftover : leftovers.toList()) {
                    DirectoryTrees.delete(leftover);
                }
            }
        }
    }

    @Override
    public Digest build(BuildRequest request, InputStream context, ProgressListener output,
                        CompletionStage<Void> cancelled) throws IOException {
        BuildContext unpacked = request.remote() == null || request.remote().isEmpty()
                ? BuildContext.receive(context, request.dockerfile(), home.resolve("tmp"), fs)
                : receiveRemote(request);
        try {
            return new Build(new BuildServices(images, distribution, steps(), policies, dockerfiles), request, unpacked, output, cancelled)
                    .run();
        } finally {
            cleanup.execute(() -> deleteQuietly(unpacked));
        }
    }

    /** {@code remote}: the context comes from a URL, through the same reading (and caps) as a request body. */
    private BuildContext receiveRemote(BuildRequest request) throws IOException {
        try (InputStream remote = new RemoteContext(downloads).open(request.remote())) {
            return BuildContext.receive(remote, request.dockerfile(), home.resolve("tmp"), fs);
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
        steps();
        return pruner.prune(BuildCachePruneOptions.everything());
    }

    @Override
    public BuildCachePruneReport pruneCache(BuildCachePruneOptions options) throws IOException {
        steps();
        return pruner.prune(options);
    }

    @Override
    public List<BuildCacheRecord> cacheRecords() {
        try {
            steps();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return cache.records();
    }
}
