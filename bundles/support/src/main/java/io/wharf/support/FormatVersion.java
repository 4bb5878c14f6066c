package io.wharf.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The format version of each area of the data root, kept as a decimal number in the area folder's
 * {@value #FILE_NAME} file, written atomically. An area without the file but with content was written before
 * Wharf versioned its formats ({@link #UNVERSIONED}); its store migrates it, then the file says the current
 * version. A version newer than this code knows is never read: the launcher refuses to start on it
 * ({@link #newerAreas}) and a store that meets one throws {@link NewerFormatException}.
 */
public final class FormatVersion {
    public static final String FILE_NAME = "format-version";
    /** What an area written before Wharf versioned its formats (Wharf 0.1, api-0.1.0) counts as. */
    public static final int UNVERSIONED = 0;

    /** The areas of the data root, each with the version this code writes; bump a version with a migration. */
    public enum Area {
        /** {@code containers/<id>/}: config.v2.json, hostconfig.json, hosts, hostname, resolv.conf, logs. */
        CONTAINERS("containers", 1),
        /** {@code image/<driver>/}: imagedb, layerdb (layers, mounts), repositories.json. */
        IMAGES("image/*", 1),
        /** The overlay2 driver's layer folders and short links. */
        OVERLAY2("overlay2", 1),
        /** The vfs driver's layer folders. */
        VFS("vfs", 1),
        /** {@code network/}: networks/*.json, endpoints/*.json, ula-prefix. */
        NETWORKS("network", 1),
        /** {@code volumes-meta/}: each volume's name, driver (also a plugin's), labels and options. */
        VOLUMES("volumes-meta", 1),
        /** {@code volumes/<name>/}: the local driver's _data and opts.json. */
        LOCAL_VOLUMES("volumes", 1),
        /** {@code builder/}: cache.json (version 1: records with history, size and times), steps/. */
        BUILDER("builder", 1),
        /** {@code distribution/}: v2metadata.json, the blobs known per registry for cross-repository mounts. */
        DISTRIBUTION("distribution", 1),
        /** {@code plugins/}: plugins.json (the installed Wharf plugins, enabled or not, their settings), per plugin
         *  its config.json and bundle jar. */
        PLUGINS("plugins", 1);

        private final String path;
        private final int current;

        Area(String path, int current) {
            this.path = path;
            this.current = current;
        }

        /** Relative to the data root; {@code *} stands for each folder at that place. */
        public String path() {
            return path;
        }

        public int current() {
            return current;
        }
    }

    /** Brings an area's files from {@code version} (lower than the current one) to the current format. */
    @FunctionalInterface
    public interface Migration {
        /** Reading an older version compatibly: nothing to rewrite. */
        Migration NONE = from -> {
        };

        void migrate(int fromVersion) throws IOException;
    }

    /** An area written by a newer Wharf: its files are left as they are. */
    public static final class NewerFormatException extends IOException {
        public NewerFormatException(Area area, Path dir, int found) {
            super("data root area " + area.name().toLowerCase() + " (" + dir + ") has format version " + found
                    + ", newer than version " + area.current() + " that this Wharf reads; it was written by a newer"
                    + " Wharf: run that one, or another --data-root");
        }
    }

    private FormatVersion() {
    }

    /**
     * Opens {@code dir} as {@code area} before its store reads it: refuses a newer version, migrates an older one
     * and records the current one. A missing or empty folder is new and gets the current version.
     *
     * @return the version found ({@link #UNVERSIONED} for content without the file; the current one if new)
     */
    public static int open(Area area, Path dir, Migration migration) throws IOException {
        Files.createDirectories(dir);
        int found = read(dir);
        if (found == UNVERSIONED && isEmpty(dir)) {
            found = area.current();
        }
        if (found > area.current()) {
            throw new NewerFormatException(area, dir, found);
        }
        if (found < area.current()) {
            migration.migrate(found);
        }
        if (found != area.current() || !Files.exists(dir.resolve(FILE_NAME))) {
            write(dir, area.current());
        }
        return found;
    }

    /** The version {@code dir}'s file states; {@link #UNVERSIONED} without one. */
    public static int read(Path dir) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return UNVERSIONED;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(FILE_NAME) + " holds no format version: " + text);
        }
    }

    static void write(Path dir, int version) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), (version + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The areas of {@code dataRoot} that a newer Wharf wrote (or whose file is unreadable), one message each. */
    public static List<String> newerAreas(Path dataRoot) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Area area : Area.values()) {
            for (Path dir : folders(dataRoot, area)) {
                try {
                    int found = read(dir);
                    if (found > area.current()) {
                        problems.add(new NewerFormatException(area, dir, found).getMessage());
                    }
                } catch (IOException e) {
                    problems.add("data root area " + area.name().toLowerCase() + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    private static List<Path> folders(Path dataRoot, Area area) throws IOException {
        if (!area.path().endsWith("/*")) {
            Path dir = dataRoot.resolve(area.path());
            return Files.isDirectory(dir) ? List.of(dir) : List.of();
        }
        Path parent = dataRoot.resolve(area.path().substring(0, area.path().length() - 2));
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).toList();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
