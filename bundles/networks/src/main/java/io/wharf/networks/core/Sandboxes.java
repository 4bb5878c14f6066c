package io.wharf.networks.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether a container's network namespace still exists: its path ({@code /proc/PID/ns/net}) must resolve, and to
 * the same namespace inode as when the endpoint was made, since PIDs are reused.
 */
final class Sandboxes {
    private Sandboxes() {
    }

    /** The inode of the namespace the path points at, or null when it cannot be read. */
    static Long inode(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            Object ino = Files.getAttribute(Path.of(path), "unix:ino");
            return ino instanceof Number n ? n.longValue() : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    static boolean isAlive(String path, Long expectedInode) {
        if (path == null || path.isBlank()) {
            return false;
        }
        try {
            if (!Files.exists(Path.of(path))) {
                return false;
            }
        } catch (InvalidPathException | SecurityException e) {
            return false;
        }
        Long now = inode(path);
        return expectedInode == null || now == null || now.equals(expectedInode);
    }
}
