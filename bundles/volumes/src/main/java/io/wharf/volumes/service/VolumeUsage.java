package io.wharf.volumes.service;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which containers use a volume: every container (running or not) that has it among its mounts, as the container
 * service reports them, plus those that mounted it through this service and have not unmounted it yet (a container
 * being created mounts before it is listed). Never call this while holding a lock that container code may wait
 * for: the container service locks each container to describe it.
 */
final class VolumeUsage {
    static final String VOLUME_MOUNT_TYPE = "volume";

    private final Supplier<ContainerService> containers;
    /** Volume name → container ID → open mounts. */
    private final Map<String, Map<String, Integer>> mounts = new HashMap<>();

    VolumeUsage(Supplier<ContainerService> containers) {
        this.containers = containers;
    }

    synchronized void mounted(String volume, String containerId) {
        mounts.computeIfAbsent(volume, v -> new HashMap<>()).merge(containerId, 1, Integer::sum);
    }

    synchronized void unmounted(String volume, String containerId) {
        Map<String, Integer> users = mounts.get(volume);
        if (users == null) {
            return;
        }
        users.computeIfPresent(containerId, (id, n) -> n > 1 ? n - 1 : null);
        if (users.isEmpty()) {
            mounts.remove(volume);
        }
    }

    /** The containers using {@code volume}, in the container service's order; empty when unused. */
    List<String> users(String volume) {
        return snapshot().users(volume);
    }

    /** Usage of all volumes at one moment, for listing and pruning many volumes with one look at the containers. */
    Snapshot snapshot() {
        Map<String, Set<String>> byVolume = new HashMap<>();
        ContainerService service = containers.get();
        if (service != null) {
            for (ContainerInfo c : service.list()) {
                if (c.mounts() == null) {
                    continue;
                }
                for (ContainerInfo.MountPoint m : c.mounts()) {
                    if (VOLUME_MOUNT_TYPE.equals(m.type()) && m.name() != null && !m.name().isEmpty()) {
                        byVolume.computeIfAbsent(m.name(), v -> new LinkedHashSet<>()).add(c.id());
                    }
                }
            }
        }
        synchronized (this) {
            mounts.forEach((volume, users) ->
                    byVolume.computeIfAbsent(volume, v -> new LinkedHashSet<>()).addAll(users.keySet()));
        }
        return new Snapshot(byVolume);
    }

    record Snapshot(Map<String, Set<String>> byVolume) {
        List<String> users(String volume) {
            Set<String> users = byVolume.get(volume);
            return users == null ? List.of() : new ArrayList<>(users);
        }

        boolean inUse(String volume) {
            Set<String> users = byVolume.get(volume);
            return users != null && !users.isEmpty();
        }
    }
}
