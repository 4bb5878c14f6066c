package io.wharf.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Durable file changes for state kept on disk: a crash leaves either the old or the new file, never half of one,
 * and a change that returned survives a power loss (the file and its folder are synced).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code content} (temp file, fsync, rename); creates missing folders. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /**
     * Replaces {@code target} with {@code content} in one step (temp file, rename) without syncing: for files
     * rebuilt from durable state each time they are used (a container's /etc files, written at every start),
     * where a power loss may lose the change but readers never see half a file. Saves two fsyncs a file.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        write(target, content, false);
    }

    private static void write(Path target, byte[] content, boolean durable) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // hidden and unique, so neither readers of the folder nor a concurrent writer ever pick it up
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                out.write(content);
                out.flush();
                if (durable) {
                    ch.force(true);
                }
            }
            if (durable) {
                move(tmp, target);
            } else {
                rename(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code source} to {@code target} in one step, replacing it, and syncs the target's folder. */
    public static void move(Path source, Path target) throws IOException {
        rename(source, target);
        syncDirectory(target.getParent());
    }

    private static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file, if it is there, and makes the deletion durable. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.getParent());
        }
    }

    /**
     * Syncs a folder, which is what makes the creations, renames and deletions in it durable. Best effort: null,
     * or a file system that cannot sync a folder, is ignored.
     */
    public static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets one sync a folder
        }
    }
}
