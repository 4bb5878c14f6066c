package io.wharf.imagestore;

import io.wharf.archive.DirectoryTrees;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Best-effort removal of work and trash folders: failing to clean up must not hide how the operation itself went,
 * and what stays behind is under tmp, which the store empties when it starts.
 */
final class Cleanup {
    private Cleanup() {
    }

    /** Removes {@code path} and everything below it, ignoring failures; null is nothing to remove. */
    static void deleteTreeQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            DirectoryTrees.delete(path);
        } catch (IOException ignored) {
            // best effort, see above
        }
    }
}
