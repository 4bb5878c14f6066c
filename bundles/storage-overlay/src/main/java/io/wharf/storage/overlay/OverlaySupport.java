package io.wharf.storage.overlay;

import io.wharf.api.storage.StorageDriverProvider.Support;
import io.wharf.archive.DirectoryTrees;
import io.wharf.linux.FilesystemMagic;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Decides whether overlayfs can hold layers under a home folder, by its filesystem and by a real test mount. */
final class OverlaySupport {
    /** overlayfs refuses these as upper layers (or stacks badly on them). */
    private static final Set<Long> UNSUITABLE = Set.of(FilesystemMagic.OVERLAYFS, FilesystemMagic.AUFS,
            FilesystemMagic.ECRYPTFS);

    private final LinuxFs fs;

    OverlaySupport(LinuxFs fs) {
        this.fs = fs;
    }

    Support probe(Path home) {
        try {
            Path existing = home.toAbsolutePath();
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            long type = fs.filesystemType(existing);
            if (UNSUITABLE.contains(type)) {
                return Support.no("overlay2 cannot use " + home + ": it is on " + FilesystemMagic.name(type));
            }
            return testMount(Files.createDirectories(home));
        } catch (IOException e) {
            return Support.no("overlay2 cannot use " + home + ": " + e.getMessage());
        }
    }

    /** Mounts a two-lower overlay with an upper in a scratch folder, as the driver will, then cleans up. */
    private Support testMount(Path home) throws IOException {
        Path scratch = Files.createTempDirectory(Files.createDirectories(home.resolve("tmp")), "probe-");
        try {
            for (String dir : new String[] {"lower1", "lower2", "upper", "work", "merged"}) {
                Files.createDirectory(scratch.resolve(dir));
            }
            String options = "lowerdir=" + scratch.resolve("lower2") + ":" + scratch.resolve("lower1")
                    + ",upperdir=" + scratch.resolve("upper") + ",workdir=" + scratch.resolve("work");
            try {
                fs.mount("overlay", scratch.resolve("merged"), "overlay", 0, options);
            } catch (IOException e) {
                return Support.no("overlay2 cannot use " + home + ": test mount failed: " + e.getMessage());
            }
            fs.unmount(scratch.resolve("merged"), LinuxFs.MNT_DETACH);
            return Support.yes();
        } finally {
            DirectoryTrees.delete(scratch);
        }
    }
}
