package io.wharf.api.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A volume driver, shaped like Docker's VolumeDriver plugin protocol (Create, Remove, Mount, Unmount, Path,
 * Get, List, Capabilities) so that out-of-process plugins fit behind it. Registered with {@value #NAME_PROPERTY}.
 *
 * <p>The contract every driver keeps (the test kit's {@code VolumeDriverContract} checks it): a name that does not
 * exist is a NOT_FOUND {@link io.wharf.api.errors.EngineException} from {@link #get}, {@link #mount},
 * {@link #unmount} and {@link #remove}, never an empty answer; a name that is not one path element ({@code a/b},
 * {@code ..}) is refused as INVALID; volumes and their data outlive the driver object (a daemon restart opens a new
 * one on the same state); calls for different names may come concurrently. A driver that adapts Docker's plugin
 * protocol, whose errors are bare strings, can only pass the plugin's words on (its Get error as NOT_FOUND); the
 * engine's volume service checks that a volume exists and is unused before it mounts or removes it.
 */
@ConsumerType
public interface VolumeDriver {
    String NAME_PROPERTY = "wharf.volume.driver";

    String name();

    /** "local" or "global", as Capabilities.Scope. */
    String scope();

    /**
     * Creates the volume, or returns an existing one of that name as it is (data and options kept), as dockerd does:
     * create is idempotent. A driver accepts an empty option map.
     */
    VolumeInfo create(String name, Map<String, String> options) throws IOException;

    /**
     * Removes the volume and its data. Refused with CONFLICT while a mount is active (the data stays), because a
     * container may be writing to it.
     */
    void remove(String name) throws IOException;

    /**
     * Makes the volume available for the mount {@code mountId} and returns the host path to bind, an existing
     * directory. Every mount of one volume sees the same data; mounts are counted per ID, so a mount stays usable
     * until its own {@link #unmount}, whatever other IDs do.
     */
    Path mount(String name, String mountId) throws IOException;

    /** Releases one mount by {@code mountId}; an ID that holds no mount releases nothing. */
    void unmount(String name, String mountId) throws IOException;

    VolumeInfo get(String name) throws IOException;

    /** Every volume of the driver, each once. */
    List<VolumeInfo> list() throws IOException;
}
