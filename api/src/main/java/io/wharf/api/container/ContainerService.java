package io.wharf.api.container;

import java.nio.file.Path;
import java.util.List;
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

    /** Bytes written to the container's read-write layer. */
    long sizeRw(String idOrName);
}
