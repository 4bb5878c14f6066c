package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The folders the dynamic linker searches, read from {@code /etc/ld.so.conf} (and the files it includes), for
 * JNA's {@code jna.platform.library.path}. Without that property JNA runs {@code /sbin/ldconfig -p} when it first
 * loads a library, to learn the same folders: a fork and exec on the daemon's start path (~0.1-0.25 s here).
 */
final class NativeLibraryPath {
    static final String JNA_PROPERTY = "jna.platform.library.path";
    /** The trusted folders ld.so searches after the configured ones, as ldconfig does. */
    private static final List<String> TRUSTED = List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib");
    private static final int MAX_INCLUDE_DEPTH = 8;

    private NativeLibraryPath() {
    }

    /** Sets JNA's search path unless the user set one. */
    static void presetForJna() {
        if (System.getProperty(JNA_PROPERTY) == null) {
            System.setProperty(JNA_PROPERTY, String.join(":", folders(Path.of("/etc/ld.so.conf"))));
        }
    }

    /** The existing folders named by this ld.so.conf and its includes, in order, then the trusted ones. */
    static Set<String> folders(Path ldSoConf) {
        Set<String> folders = new LinkedHashSet<>();
        read(ldSoConf, folders, 0);
        folders.addAll(TRUSTED);
        folders.removeIf(f -> !Files.isDirectory(Path.of(f)));
        return folders;
    }

    private static void read(Path conf, Set<String> folders, int depth) {
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException | RuntimeException unreadable) {
            return; // as ldconfig: a missing or unreadable file names no folder
        }
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.startsWith("include ") || line.startsWith("include\t")) {
                if (depth < MAX_INCLUDE_DEPTH) {
                    for (Path included : glob(conf.getParent(), line.substring("include".length()).trim())) {
                        read(included, folders, depth + 1);
                    }
                }
            } else if (line.startsWith("/")) {
                folders.add(line.split("[\\s:,=]", 2)[0]); // "dir=hwcap" and lists are old ldconfig forms
            }
        }
    }

    /** The files a glob names (a relative one is relative to the including file's folder), sorted as ldconfig. */
    private static List<Path> glob(Path base, String pattern) {
        Path full = base == null ? Path.of(pattern) : base.resolve(pattern);
        Path dir = full.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, full.getFileName().toString())) {
            List<Path> found = new java.util.ArrayList<>();
            matches.forEach(found::add);
            found.sort(null);
            return found;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
