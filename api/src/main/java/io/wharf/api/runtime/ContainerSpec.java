package io.wharf.api.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything an execution driver needs to run a container, already resolved by the engine: the mounted root
 * filesystem, the process, mounts, namespaces, security settings and resources.
 */
public record ContainerSpec(String id, String name, Path rootfs, boolean readonlyRootfs, ProcessSpec process,
                            String hostname, String domainname, List<MountSpec> mounts,
                            Map<String, String> namespacePaths, Security security, Resources resources,
                            List<DeviceSpec> devices, Map<String, String> sysctls, Path logPath, String runtime,
                            Map<String, String> annotations) {

    /** Capabilities, seccomp profile (OCI JSON, null for unconfined), masked and read-only paths. */
    public record Security(boolean privileged, List<String> capabilities, boolean noNewPrivileges,
                           String seccompProfileJson, List<String> maskedPaths, List<String> readonlyPaths,
                           String apparmorProfile) {
    }
}
