package io.wharf.api.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's volumes, for the container engine. Lookups throw NOT_FOUND ({@code get NAME: no such volume}).
 * A volume is in use while a container (running or not) mounts it; the service learns this from the
 * {@link io.wharf.api.container.ContainerService}, and refuses to remove a volume in use (CONFLICT).
 */
@ProviderType
public interface VolumeService {
    /**
     * Creates a volume; a null or empty name makes an anonymous one (64 hex characters, labelled
     * {@link Volume#ANONYMOUS_LABEL}). Creating a name that exists returns it when the driver matches (Docker's
     * behaviour), and is a CONFLICT when it does not.
     */
    Volume create(String name, String driver, Map<String, String> driverOptions, Map<String, String> labels)
            throws IOException;

    Volume get(String name);

    /** Makes the volume available for the container and returns the host path to bind. */
    Path mount(String name, String containerId) throws IOException;

    void unmount(String name, String containerId) throws IOException;

    /** Every volume with its size and the number of containers using it (docker system df). */
    List<VolumeUsage> diskUsage();

    /** Removes the volume; CONFLICT when a container uses it, unless forced. */
    void remove(String name, boolean force) throws IOException;
}
