package io.wharf.archive;

import io.wharf.api.storage.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Compares a layer's full tree with its parent's, as Docker's naive differ does: a file changed when its type,
 * mode, owner, device, size, mtime or link target differ; a directory only when its type, mode or owner differ,
 * or when something inside it changed (its mtime alone says nothing: copying may set it).
 */
final class TreeComparison {
    record Difference(String path, Change.Kind kind) {
    }

    private final List<Difference> differences = new ArrayList<>();

    private TreeComparison() {
    }

    /** Differences in path order, parents before children; {@code parent} null means an empty parent. */
    static List<Difference> compare(Path parent, Path layer) throws IOException {
        TreeComparison comparison = new TreeComparison();
        comparison.compareDirectories(parent, layer, "");
        return comparison.differences;
    }

    private void compareDirectories(Path oldDir, Path newDir, String relative) throws IOException {
        TreeSet<String> names = new TreeSet<>(TreeWalker.sortedChildren(newDir));
        if (oldDir != null) {
            names.addAll(TreeWalker.sortedChildren(oldDir));
        }
        for (String name : names) {
            String path = TreeWalker.child(relative, name);
            Path oldFile = oldDir == null ? null : oldDir.resolve(name);
            FileStat oldStat = oldFile == null ? null : FileStat.ofOrNull(oldFile);
            Path newFile = newDir.resolve(name);
            FileStat newStat = FileStat.ofOrNull(newFile);
            if (newStat == null) {
                differences.add(new Difference(path, Change.Kind.DELETED));
            } else if (oldStat == null) {
                differences.add(new Difference(path, Change.Kind.ADDED));
                if (newStat.isDirectory()) {
                    compareDirectories(null, newFile, path);
                }
            } else if (newStat.isDirectory()) {
                int position = differences.size();
                boolean bothDirectories = oldStat.isDirectory();
                compareDirectories(bothDirectories ? oldFile : null, newFile, path);
                if (!bothDirectories || differences.size() > position
                        || metadataDiffers(oldStat, newStat)) {
                    differences.add(position, new Difference(path, Change.Kind.MODIFIED));
                }
            } else if (fileDiffers(oldFile, oldStat, newFile, newStat)) {
                differences.add(new Difference(path, Change.Kind.MODIFIED));
            }
        }
    }

    private static boolean metadataDiffers(FileStat a, FileStat b) {
        return a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid();
    }

    private static boolean fileDiffers(Path oldFile, FileStat a, Path newFile, FileStat b) throws IOException {
        if (metadataDiffers(a, b) || a.rdev() != b.rdev() || a.size() != b.size()
                || !a.modified().equals(b.modified())) {
            return true;
        }
        return a.isSymlink() && !Files.readSymbolicLink(oldFile).equals(Files.readSymbolicLink(newFile));
    }
}
