package io.wharf.containers.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The files of one container's log. conmon writes the live file ({@code container.log}) and, at its size limit,
 * opens {@code container.log.tmp} and renames it over the live file. The engine keeps every file it saw live
 * under a generation name ({@code container.log.<n>}, gzipped as {@code container.log.<n>.gz}; higher is newer)
 * and prepares the next generation as conmon's {@code .tmp}, so conmon's rename never drops a full file.
 */
public final class LogFiles {
    private static final String GZ = ".gz";

    private final Path live;
    private final String prefix;

    public LogFiles(Path live) {
        this.live = live;
        this.prefix = live.getFileName() + ".";
    }

    public Path live() {
        return live;
    }

    /** The name conmon opens for its next file. */
    Path prepared() {
        return live.resolveSibling(live.getFileName() + ".tmp");
    }

    Path generation(long n) {
        return live.resolveSibling(prefix + n);
    }

    Path compressed(long n) {
        return live.resolveSibling(prefix + n + GZ);
    }

    /** Generations on disk, oldest first: the plain file while there is one, else the gzipped one. */
    TreeMap<Long, Path> generations() throws IOException {
        TreeMap<Long, Path> result = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(live.getParent(), prefix + "*")) {
            for (Path p : dir) {
                String rest = p.getFileName().toString().substring(prefix.length());
                boolean gz = rest.endsWith(GZ);
                String digits = gz ? rest.substring(0, rest.length() - GZ.length()) : rest;
                if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) {
                    continue;
                }
                long n = Long.parseLong(digits);
                if (!gz || !result.containsKey(n)) {
                    result.put(n, p);
                }
            }
        } catch (NoSuchFileException e) {
            return result;
        }
        return result;
    }

    static boolean isCompressed(Path p) {
        return p.getFileName().toString().endsWith(GZ);
    }

    /** The file's identity (device and inode), null when it does not exist. */
    static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Which generation holds the live file, by identity; -1 when none does yet. */
    long liveGeneration(NavigableMap<Long, Path> generations) {
        Object liveKey = key(live);
        if (liveKey == null) {
            return -1;
        }
        for (Map.Entry<Long, Path> g : generations.descendingMap().entrySet()) {
            if (!isCompressed(g.getValue()) && liveKey.equals(key(g.getValue()))) {
                return g.getKey();
            }
        }
        return -1;
    }
}
