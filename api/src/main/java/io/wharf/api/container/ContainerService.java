package io.wharf.api.container;

import io.wharf.api.runtime.ProcessIo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Lookups and a few operations on containers for other bundles. Lookups take a full ID, a unique ID prefix or
 * a name (with or without the leading slash) and throw NOT_FOUND ({@code No such container: X}).
 */
@ProviderType
public interface ContainerService {
    ContainerInfo get(String idOrName);

    List<ContainerInfo> list();

    void pause(String idOrName);

    void unpause(String idOrName);

    /**
     * Mounts the container's root filesystem (also when it is not running) for file access; every call must be
     * followed by {@link #releaseRootfs}.
     */
    Path mountRootfs(String idOrName);

    void releaseRootfs(String idOrName);

    /**
     * Freezes a running container's processes until the returned handle is closed, so none of them changes the
     * container's files while the engine writes into them (docker cp into a running container). The container's
     * state does not change and no event is sent; a container that is not running, or is paused, is left as it
     * is. Stop, kill and the like wait until the handle is closed.
     */
    Frozen freezeForFileCopy(String idOrName);

    /** Thaws what {@link #freezeForFileCopy} froze; closing twice does nothing more. */
    interface Frozen extends AutoCloseable {
        @Override
        void close();
    }

    /** Bytes written to the container's read-write layer. */
    long sizeRw(String idOrName);

    // --- containers other bundles run (a build's RUN steps), through the same path as docker run ---

    /**
     * Creates a container from a Docker create request body (POST /containers/create's JSON) and returns its ID;
     * bad requests throw as the endpoint would.
     *
     * @since 1.2
     */
    default String create(String name, byte[] createRequest) {
        throw new UnsupportedOperationException("this container service cannot create containers");
    }

    /**
     * Connects to the container's output (no stdin): at once when it runs, else at its next start.
     *
     * @since 1.2
     */
    default CompletionStage<ProcessIo> attachOutput(String idOrName) {
        throw new UnsupportedOperationException("this container service cannot attach");
    }

    /** @since 1.2 */
    default void start(String idOrName) {
        throw new UnsupportedOperationException("this container service cannot start containers");
    }

    /**
     * Completes with the exit code once the container no longer runs (at once when it does not run).
     *
     * @since 1.2
     */
    default CompletionStage<Integer> awaitStop(String idOrName) {
        throw new UnsupportedOperationException("this container service cannot wait");
    }

    /** docker rm ({@code force}: kill first). @since 1.2 */
    default void remove(String idOrName, boolean force) {
        throw new UnsupportedOperationException("this container service cannot remove containers");
    }
}
