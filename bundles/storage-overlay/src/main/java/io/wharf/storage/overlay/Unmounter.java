package io.wharf.storage.overlay;

import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes mounts away for good, stacked and busy ones included, as moby does before deleting a layer: a plain
 * unmount, retried while the mount is busy (a process may be leaving it), then a lazy detach, which always works.
 */
final class Unmounter {
    /** More mounts than this on one directory means something keeps mounting there: give up rather than spin. */
    private static final int MAX_STACKED = 64;
    private static final int BUSY_ATTEMPTS = 5;
    private static final long BUSY_PAUSE_MILLIS = 20;

    private final LinuxFs fs;
    private final MountTable mountTable;

    Unmounter(LinuxFs fs, MountTable mountTable) {
        this.fs = fs;
        this.mountTable = mountTable;
    }

    /** Unmounts every mount stacked on {@code dir}. */
    void unmountAll(Path dir) throws IOException {
        for (int i = 0; i < MAX_STACKED && mountTable.mountCount(dir) > 0; i++) {
            unmountOne(dir);
        }
        if (mountTable.mountCount(dir) > 0) {
            throw new IOException(dir + " is still mounted after " + MAX_STACKED + " unmounts");
        }
    }

    /** Unmounts everything mounted on or below {@code dir}, deepest first; afterwards nothing is. */
    void unmountAllBelow(Path dir) throws IOException {
        for (int i = 0; i < MAX_STACKED; i++) {
            var mounted = mountTable.mountsAtOrBelow(dir);
            if (mounted.isEmpty()) {
                return;
            }
            for (Path mountPoint : mounted) {
                unmountOne(mountPoint);
            }
        }
        throw new IOException(dir + " still has mounts below it: " + mountTable.mountsAtOrBelow(dir));
    }

    private void unmountOne(Path mountPoint) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                fs.unmount(mountPoint, 0);
                return;
            } catch (LinuxException e) {
                if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
                    return; // not (or no longer) a mount point
                }
                if (e.errno() != Errno.EBUSY) {
                    throw e;
                }
                if (attempt == BUSY_ATTEMPTS) {
                    fs.unmount(mountPoint, LinuxFs.MNT_DETACH); // gone from the tree now, freed once unused
                    return;
                }
            }
            try {
                Thread.sleep(BUSY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while unmounting " + mountPoint, e);
            }
        }
    }
}
