package io.wharf.api.image;

import io.wharf.api.model.Digest;
import io.wharf.api.storage.Change;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Read-write layers of containers on top of their images, kept by the image store's storage driver. */
@ProviderType
public interface ContainerLayerStore {
    /** Creates the container's RW layer on top of the image (null image for scratch). */
    void create(String containerId, Digest imageId) throws IOException;

    Path mount(String containerId) throws IOException;

    void unmount(String containerId) throws IOException;

    /**
     * The root file system of a running container that a new container engine takes over (its previous engine
     * was replaced in the running daemon, or the daemon restarted): mounted when this store does not hold the
     * container's mount yet, else that mount, without counting one more user, so that the container's one
     * {@link #unmount} at its exit releases it.
     */
    default Path adoptMount(String containerId) throws IOException {
        return mount(containerId);
    }

    void remove(String containerId) throws IOException;

    InputStream diff(String containerId) throws IOException;

    List<Change> changes(String containerId) throws IOException;

    long size(String containerId) throws IOException;

    /** The name of the storage driver in use (docker inspect's GraphDriver.Name). */
    String driverName();

    /** The storage driver's status pairs for docker info (DriverStatus). */
    default List<java.util.Map.Entry<String, String>> driverStatus() {
        return List.of();
    }
}
