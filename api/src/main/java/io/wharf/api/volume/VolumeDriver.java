package io.wharf.api.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A volume driver, shaped like Docker's VolumeDriver plugin protocol (Create, Remove, Mount, Unmount, Path,
 * Get, List, Capabilities) so that out-of-process plugins fit behind it. Registered with {@value #NAME_PROPERTY}.
 */
@ConsumerType
public interface VolumeDriver {
    String NAME_PROPERTY = "wharf.volume.driver";

    String name();

    /** "local" or "global", as Capabilities.Scope. */
    String scope();

    VolumeInfo create(String name, Map<String, String> options) throws IOException;

    void remove(String name) throws IOException;

    /** Makes the volume available for the mount {@code mountId} and returns the host path to bind. */
    Path mount(String name, String mountId) throws IOException;

    void unmount(String name, String mountId) throws IOException;

    VolumeInfo get(String name) throws IOException;

    List<VolumeInfo> list() throws IOException;
}
