package com.example.wharf.dirvolume;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@value #NAME} volume driver: each volume is a directory {@code ROOT/NAME}, whose {@code data} sub-directory
 * containers get bound. The directories are the only state, so a new driver on the same root (a daemon restart, a
 * bundle update) finds every volume; which mounts are active is kept in memory, as the engine mounts again what it
 * uses after a restart. One monitor guards everything: volume calls are rare and short.
 */
public class DirectoryVolumeDriver implements VolumeDriver {
    public static final String NAME = "example-dir-volume";
    /** Docker's rule for volume names: one path element, never {@code .} or {@code ..}. */
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private final Path root;
    /** Volume name → mount ID → how many times that ID mounted it without unmounting yet. */
    private final Map<String, Map<String, Integer>> mounts = new HashMap<>();

    public DirectoryVolumeDriver(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scope() {
        return "local";
    }

    @Override
    public synchronized VolumeInfo create(String name, Map<String, String> options) throws IOException {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw EngineException.invalid("invalid volume name %s: use letters, digits and _.- (two at least)", name);
        }
        Files.createDirectories(root.resolve(name).resolve("data"));
        return info(name);
    }

    @Override
    public synchronized void remove(String name) throws IOException {
        Path dir = require(name);
        if (!mounts.getOrDefault(name, Map.of()).isEmpty()) {
            throw EngineException.conflict("volume %s is in use", name);
        }
        try (Stream<Path> tree = Files.walk(dir)) { // does not follow symlinks: a link is deleted, not its target
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        mounts.remove(name);
    }

    @Override
    public synchronized Path mount(String name, String mountId) throws IOException {
        Path data = require(name).resolve("data");
        mounts.computeIfAbsent(name, n -> new HashMap<>()).merge(mountId, 1, Integer::sum);
        return data;
    }

    @Override
    public synchronized void unmount(String name, String mountId) throws IOException {
        require(name);
        Map<String, Integer> byId = mounts.getOrDefault(name, new HashMap<>());
        byId.computeIfPresent(mountId, (id, count) -> count > 1 ? count - 1 : null);
        if (byId.isEmpty()) {
            mounts.remove(name);
        }
    }

    @Override
    public synchronized VolumeInfo get(String name) throws IOException {
        require(name);
        return info(name);
    }

    @Override
    public synchronized List<VolumeInfo> list() throws IOException {
        List<VolumeInfo> volumes = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (VALID_NAME.matcher(name).matches() && Files.isDirectory(dir.resolve("data"), LinkOption.NOFOLLOW_LINKS)) {
                    volumes.add(info(name));
                }
            }
        }
        return volumes;
    }

    /** The volume's directory; NOT_FOUND unless it exists (a name that is not a volume name never does). */
    private Path require(String name) {
        if (name == null || !VALID_NAME.matcher(name).matches()
                || !Files.isDirectory(root.resolve(name).resolve("data"), LinkOption.NOFOLLOW_LINKS)) {
            throw EngineException.notFound("no such volume: %s", name);
        }
        return root.resolve(name);
    }

    private VolumeInfo info(String name) throws IOException {
        Path dir = root.resolve(name);
        Instant created = Files.readAttributes(dir, BasicFileAttributes.class).creationTime().toInstant();
        return new VolumeInfo(name, dir.resolve("data").toString(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(created.atOffset(ZoneOffset.UTC)), Map.of());
    }
}
