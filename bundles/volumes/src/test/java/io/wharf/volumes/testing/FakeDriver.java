package io.wharf.volumes.testing;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A volume driver keeping volumes as directories under a temporary folder, recording what it was asked. */
public final class FakeDriver implements VolumeDriver {
    public final List<String> calls = new ArrayList<>();
    public final Map<String, Map<String, String>> options = new TreeMap<>();
    public RuntimeException failCreate;
    public IOException failList;
    private final String name;
    private final String scope;
    private final Path root;
    private final Map<String, VolumeInfo> volumes = new TreeMap<>();

    public FakeDriver(String name, String scope, Path root) {
        this.name = name;
        this.scope = scope;
        this.root = root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String scope() {
        return scope;
    }

    @Override
    public synchronized VolumeInfo create(String volume, Map<String, String> opts) throws IOException {
        calls.add("create " + volume);
        if (failCreate != null) {
            throw failCreate;
        }
        Path data = Files.createDirectories(root.resolve(volume).resolve("_data"));
        VolumeInfo info = new VolumeInfo(volume, data.toString(), "2026-11-27T22:00:00Z", Map.of());
        volumes.put(volume, info);
        options.put(volume, opts);
        return info;
    }

    /** A volume that exists in the driver only, as one created before the service kept metadata. */
    public synchronized void addExisting(String volume) throws IOException {
        Path data = Files.createDirectories(root.resolve(volume).resolve("_data"));
        volumes.put(volume, new VolumeInfo(volume, data.toString(), "2020-01-02T03:04:05Z", Map.of()));
    }

    /** Loses a volume behind the service's back. */
    public synchronized void drop(String volume) {
        volumes.remove(volume);
    }

    @Override
    public synchronized void remove(String volume) {
        calls.add("remove " + volume);
        if (volumes.remove(volume) == null) {
            throw EngineException.notFound("volume not found");
        }
    }

    @Override
    public synchronized Path mount(String volume, String mountId) {
        calls.add("mount " + volume + " " + mountId);
        return Path.of(get(volume).mountpoint());
    }

    @Override
    public synchronized void unmount(String volume, String mountId) {
        calls.add("unmount " + volume + " " + mountId);
    }

    @Override
    public synchronized VolumeInfo get(String volume) {
        VolumeInfo info = volumes.get(volume);
        if (info == null) {
            throw EngineException.notFound("volume not found");
        }
        return info;
    }

    @Override
    public synchronized List<VolumeInfo> list() throws IOException {
        if (failList != null) {
            throw failList;
        }
        return new ArrayList<>(volumes.values());
    }
}
