package io.wharf.containers;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.Volume;
import io.wharf.api.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Volumes as directories below a folder, without a driver. */
final class FakeVolumes implements VolumeService {
    private final Path root;
    final Map<String, Volume> volumes = new LinkedHashMap<>();
    final Map<String, Integer> mounts = new HashMap<>();

    FakeVolumes(Path root) {
        this.root = root;
    }

    @Override
    public synchronized Volume create(String name, String driver, Map<String, String> driverOptions,
                                      Map<String, String> labels) throws IOException {
        boolean anonymous = name == null || name.isEmpty();
        String n = anonymous ? UUID.randomUUID().toString().replace("-", "") : name;
        Volume existing = volumes.get(n);
        if (existing != null) {
            return existing;
        }
        Path dir = Files.createDirectories(root.resolve(n));
        Map<String, String> l = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        if (anonymous) {
            l.put(Volume.ANONYMOUS_LABEL, "");
        }
        String chosen = driver == null || driver.isEmpty() ? "local" : driver; // as the volume service chooses
        Volume v = new Volume(n, chosen, dir.toString(), Instant.now(), l, driverOptions, "local", Map.of());
        volumes.put(n, v);
        return v;
    }

    @Override
    public synchronized Volume get(String name) {
        Volume v = volumes.get(name);
        if (v == null) {
            throw EngineException.notFound("get %s: no such volume", name);
        }
        return v;
    }

    @Override
    public synchronized Path mount(String name, String containerId) {
        mounts.merge(name, 1, Integer::sum);
        return Path.of(get(name).mountpoint());
    }

    @Override
    public synchronized void unmount(String name, String containerId) {
        mounts.merge(name, -1, Integer::sum);
    }

    @Override
    public synchronized java.util.List<io.wharf.api.volume.VolumeUsage> diskUsage() {
        return volumes.values().stream().map(v -> new io.wharf.api.volume.VolumeUsage(v, 0, 0)).toList();
    }

    @Override
    public synchronized void remove(String name, boolean force) {
        get(name);
        volumes.remove(name);
    }
}
