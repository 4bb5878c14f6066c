package io.wharf.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Depth-first, parents before children, siblings sorted by name, never following symbolic links. */
final class TreeWalker {
    interface Visitor {
        /** Returns whether to descend into {@code file} when it is a directory. */
        boolean visit(String relativePath, Path file, FileStat stat) throws IOException;
    }

    private TreeWalker() {
    }

    /** Visits every entry below {@code root} (not root itself). */
    static void walk(Path root, Visitor visitor) throws IOException {
        walkChildren(root, "", visitor);
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

    private static void walkChildren(Path dir, String relative, Visitor visitor) throws IOException {
        for (String name : sortedChildren(dir)) {
            Path file = dir.resolve(name);
            FileStat stat = FileStat.of(file);
            String childRelative = child(relative, name);
            if (visitor.visit(childRelative, file, stat) && stat.isDirectory()) {
                walkChildren(file, childRelative, visitor);
            }
        }
    }
}
