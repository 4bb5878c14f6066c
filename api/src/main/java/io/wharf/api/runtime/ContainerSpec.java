package io.wharf.api.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything an execution driver needs to run a container, resolved by the engine from the Docker request and
 * the image: the mounted root filesystem, the process, the user's mounts, namespaces, security and resources.
 * The driver adds what every container gets (/proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys, cgroup mounts
 * and the default devices) and turns the Docker-format seccomp profile into the OCI one.
 *
 * @param id          the container ID (64 hex characters)
 * @param runtime     the OCI runtime name ({@code runc}, {@code crun} or a configured one)
 * @param rootfs      the mounted root filesystem (read-write layer over the image)
 * @param logPath     where the monitor writes the container's output, in the CRI log format
 *                    ({@code <RFC3339Nano time> <stdout|stderr> <F|P> <text>} per line)
 * @param namespaces  the namespaces to create or join; a kind not listed is shared with the host
 * @param mounts      the user's mounts and the engine's (/etc/hosts, /etc/hostname, /etc/resolv.conf, --init)
 * @param annotations OCI annotations
 * @param deviceCgroupRules --device-cgroup-rule: entries added to the device cgroup's allow list (since 1.2)
 * @param rootfsPropagation the propagation of the container's root mount (OCI {@code linux.rootfsPropagation}:
 *                    {@code rshared}, {@code rslave}, {@code rprivate}, {@code shared}, {@code slave},
 *                    {@code private}, {@code unbindable} or {@code runbindable}); null for the runtime's default
 *                    ({@code rslave}). {@code rshared} lets a mount the container makes under a bind mount that
 *                    is shared on the host (a bind with the {@code rshared} option) be seen by the host (since 1.3)
 */
public record ContainerSpec(String id, String name, String runtime, Path rootfs, boolean readonlyRootfs,
                            ProcessSpec process, String hostname, String domainname, List<NamespaceSpec> namespaces,
                            List<MountSpec> mounts, List<DeviceSpec> devices, SecuritySpec security,
                            Resources resources, Map<String, String> sysctls, Path logPath,
                            Map<String, String> annotations, List<DeviceCgroupRule> deviceCgroupRules,
                            String rootfsPropagation) {
    public ContainerSpec {
        deviceCgroupRules = deviceCgroupRules == null ? List.of() : List.copyOf(deviceCgroupRules);
    }

    /** A container whose root mount has the runtime's default propagation (the shape before 1.3). */
    public ContainerSpec(String id, String name, String runtime, Path rootfs, boolean readonlyRootfs,
                         ProcessSpec process, String hostname, String domainname, List<NamespaceSpec> namespaces,
                         List<MountSpec> mounts, List<DeviceSpec> devices, SecuritySpec security,
                         Resources resources, Map<String, String> sysctls, Path logPath,
                         Map<String, String> annotations, List<DeviceCgroupRule> deviceCgroupRules) {
        this(id, name, runtime, rootfs, readonlyRootfs, process, hostname, domainname, namespaces, mounts, devices,
                security, resources, sysctls, logPath, annotations, deviceCgroupRules, null);
    }

    /** A container without device cgroup rules of its own (the shape before 1.2). */
    public ContainerSpec(String id, String name, String runtime, Path rootfs, boolean readonlyRootfs,
                         ProcessSpec process, String hostname, String domainname, List<NamespaceSpec> namespaces,
                         List<MountSpec> mounts, List<DeviceSpec> devices, SecuritySpec security,
                         Resources resources, Map<String, String> sysctls, Path logPath,
                         Map<String, String> annotations) {
        this(id, name, runtime, rootfs, readonlyRootfs, process, hostname, domainname, namespaces, mounts, devices,
                security, resources, sysctls, logPath, annotations, List.of());
    }
}
