package io.wharf.api.build;

import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds images from Dockerfiles (POST /build), registered with {@value #NAME_PROPERTY}. The context arrives as the
 * client sends it and is read once: a tar (plain, gzip, bzip2 or xz) or a bare Dockerfile; with
 * {@link BuildRequest#remote()} the builder fetches it from that URL instead and the body is not read. Output goes out as
 * Docker's build stream: {@code stream} lines (a {@code Step N/M : INSTRUCTION} line per step), pull progress,
 * {@code aux} with the image ID.
 *
 * <p>The contract every builder keeps (the test kit's {@code ImageBuilderContract} checks it): the result is in the
 * image store and carries every requested tag; {@link BuildRequest#buildArgs()} override the defaults of
 * {@code ARG}s; {@link BuildRequest#target()} stops at that stage; a builder with a cache answers an unchanged build
 * (same steps on the same parent) with the same image and says {@code  ---> Using cache}, never with
 * {@link BuildRequest#noCache()}, and lists what it keeps in {@link #cacheRecords()} until {@link #pruneCache()}.
 */
@ConsumerType
public interface ImageBuilder {
    String NAME_PROPERTY = "wharf.builder";

    /**
     * Builds and tags the image and returns its ID. Invalid requests and Dockerfiles throw INVALID
     * {@link io.wharf.api.errors.EngineException}s (an unknown instruction, an empty or missing Dockerfile, an
     * unknown target, a malformed tag); a failing step throws {@link BuildStepFailedException}.
     *
     * @param cancelled completes when the client went away: the running step stops, the build ends with a
     *                  {@link java.util.concurrent.CancellationException}, tags nothing and leaves no container
     *                  behind (a signal rather than a thread interrupt, which would break the engine's file writes
     *                  midway)
     */
    Digest build(BuildRequest request, InputStream context, ProgressListener output,
                 CompletionStage<Void> cancelled) throws IOException;

    /**
     * Forgets the cached build steps (POST /build/prune, {@code docker builder prune}): later builds run those
     * steps again.
     */
    BuildCachePruneReport pruneCache() throws IOException;

    /** The records of the cache, for {@code docker system df -v}; a builder without a cache has none. */
    default List<BuildCacheRecord> cacheRecords() {
        return List.of();
    }

    /** Removes the records {@code options} select and what only they kept; the default forgets them all. */
    default BuildCachePruneReport pruneCache(BuildCachePruneOptions options) throws IOException {
        return pruneCache();
    }
}
