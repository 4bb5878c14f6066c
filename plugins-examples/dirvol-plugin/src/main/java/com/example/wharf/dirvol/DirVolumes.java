package com.example.wharf.dirvol;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Volumes as folders under one root: the whole driver, free of OSGi so that it is tested as a plain class. */
public final class DirVolumes {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private final Path root;
    private final Map<String, String> status;

    /** {@code status} is reported with every volume (the driver's version, so an upgrade shows). */
    public DirVolumes(Path root, Map<String, String> status) {
        this.root = root;
        this.status = Map.copyOf(status);
    }

    public VolumeInfo create(String name) throws IOException {
        Files.createDirectories(path(name));
        return info(name);
    }

    public void remove(String name) throws IOException {
        Path dir = existing(name);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public Path mount(String name) {
        return existing(name);
    }

    public VolumeInfo get(String name) {
        existing(name);
        return info(name);
    }

    public List<VolumeInfo> list() throws IOException {
        List<VolumeInfo> result = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    result.add(info(dir.getFileName().toString()));
                }
            }
        }
        return result;
    }

    private VolumeInfo info(String name) {
        return new VolumeInfo(name, path(name).toString(), null, status);
    }

    private Path existing(String name) {
        Path dir = path(name);
        if (!Files.isDirectory(dir)) {
            throw EngineException.notFound("dirvol: no such volume %s", name);
        }
        return dir;
    }

    private Path path(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EngineException.invalid("dirvol: invalid volume name %s", name);
        }
        return root.resolve(name);
    }
}
