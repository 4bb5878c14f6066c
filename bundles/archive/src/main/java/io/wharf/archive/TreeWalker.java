package io.wharf.archive;

import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.LinuxException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Depth-first, parents before children, siblings sorted by name, never following symbolic links. The tree may
 * belong to a running container that swaps a directory for a link to the host while it is walked, so every
 * directory is held open by descriptor and entries are reached through it ({@code /proc/self/fd/N/name}, whose last
 * component is the caller's to open without following).
 */
final class TreeWalker {
    interface Visitor {
        /**
         * Returns whether to descend into {@code file} when it is a directory. {@code file} names the entry only
         * during the call; open it without following a link there (lstat, {@code NOFOLLOW_LINKS}).
         */
        boolean visit(String relativePath, Path file, FileStat stat) throws IOException;
    }

    private TreeWalker() {
    }

    /** Visits every entry below {@code root} (not root itself). */
    static void walk(Path root, Visitor visitor) throws IOException {
        try (DirectoryHandle dir = DirectoryHandle.open(root)) {
            walkChildren(dir, "", visitor);
        }
    }

    static List<String> sortedChildren(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    static String child(String parentRelative, String name) {
        return parentRelative.isEmpty() ? name : parentRelative + "/" + name;
    }

    private static void walkChildren(DirectoryHandle dir, String relative, Visitor visitor) throws IOException {
        List<String> names = dir.list();
        names.sort(null);
        for (String name : names) {
            Path file = dir.procPath().resolve(name);
            FileStat stat = FileStat.ofOrNull(file);
            if (stat == null) {
                continue; // removed while we walked: a running container may do that
            }
            String childRelative = child(relative, name);
            if (visitor.visit(childRelative, file, stat) && stat.isDirectory()) {
                DirectoryHandle child;
                try {
                    child = dir.openDirectory(name);
                } catch (LinuxException e) {
                    continue; // no longer a directory (swapped for a link meanwhile): nothing below it to show
                }
                try (child) {
                    walkChildren(child, childRelative, visitor);
                }
            }
        }
    }
}
