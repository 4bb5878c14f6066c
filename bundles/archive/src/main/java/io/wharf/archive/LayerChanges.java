package io.wharf.archive;

import io.wharf.api.storage.Change;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code docker diff} lists for a layer, in path order: added, modified and deleted paths (absolute, from
 * the layer root). As in Docker, a directory holding any change is listed as modified, and a deleted or added
 * directory is listed once, not with its contents (added contents are listed too, deleted ones are not).
 */
public final class LayerChanges {
    private LayerChanges() {
    }

    /** Changes of tree {@code layer} against tree {@code parent} (null: everything in {@code layer} is added). */
    public static List<Change> between(Path parent, Path layer) throws IOException {
        List<Change> changes = new ArrayList<>();
        for (TreeComparison.Difference d : TreeComparison.compare(parent, layer)) {
            changes.add(new Change("/" + d.path(), d.kind()));
        }
        return changes;
    }

    /**
     * Changes recorded in an overlayfs upper directory over its lower directories ({@code lowers}, top first):
     * whiteouts are deletions, anything a lower layer shows is modified, the rest is added. Opaque marks are read
     * through {@code fs}.
     */
    public static List<Change> ofOverlayUpper(LinuxFs fs, Path upper, List<Path> lowers) throws IOException {
        OverlayLowerView lower = new OverlayLowerView(fs, lowers);
        List<Change> changes = new ArrayList<>();
        TreeWalker.walk(upper, (relative, file, stat) -> {
            Change.Kind kind;
            if (stat.isOverlayWhiteout()) {
                kind = Change.Kind.DELETED;
            } else {
                kind = lower.exists(relative) ? Change.Kind.MODIFIED : Change.Kind.ADDED;
            }
            changes.add(new Change("/" + relative, kind));
            return true;
        });
        return changes;
    }

    /** Bytes of regular file content that {@link #between} reports as added or modified. */
    public static long contentSize(Path parent, Path layer) throws IOException {
        long size = 0;
        for (TreeComparison.Difference d : TreeComparison.compare(parent, layer)) {
            if (d.kind() != Change.Kind.DELETED) {
                FileStat stat = FileStat.of(layer.resolve(d.path()));
                if (!stat.isDirectory()) {
                    size += stat.size();
                }
            }
        }
        return size;
    }

    /** Whether a path is visible through a stack of overlay layer directories, honouring whiteouts and opaque dirs. */
    static final class OverlayLowerView {
        private final LinuxFs fs;
        private final List<Path> lowers;

        OverlayLowerView(LinuxFs fs, List<Path> lowers) {
            this.fs = fs;
            this.lowers = List.copyOf(Objects.requireNonNull(lowers));
        }

        boolean exists(String relative) throws IOException {
            String[] parts = relative.split("/");
            for (Path layer : lowers) {
                Path path = layer;
                boolean hiddenBelow = false;
                for (int i = 0; i < parts.length; i++) {
                    path = path.resolve(parts[i]);
                    FileStat stat = FileStat.ofOrNull(path);
                    if (stat == null) {
                        break;
                    }
                    if (stat.isOverlayWhiteout()) {
                        return false;
                    }
                    if (i == parts.length - 1) {
                        return true;
                    }
                    if (!stat.isDirectory()) {
                        return false; // a file in this layer hides a directory of that name below
                    }
                    if (OverlayOpaque.isOpaque(fs, path)) {
                        hiddenBelow = true;
                    }
                }
                if (hiddenBelow) {
                    return false;
                }
            }
            return false;
        }
    }
}
