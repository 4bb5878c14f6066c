package io.wharf.imagestore;

import io.wharf.api.storage.StorageDriverProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Chooses the storage driver as dockerd does: the configured one; otherwise the one a previous run used (its
 * store folder exists under {@code <data-root>/image/}); otherwise overlay2 when its probe says it works, else vfs.
 * Without configuration vfs is only chosen once overlay2 is known to be unusable or a grace period after start has
 * passed, so that a framework that starts vfs's bundle first does not pin the daemon to vfs.
 */
public final class DriverSelector {
    public static final String OVERLAY2 = "overlay2";
    public static final String VFS = "vfs";
    private static final List<String> PRIORITY = List.of(OVERLAY2, VFS);

    private DriverSelector() {
    }

    /** The name of the driver to use now, or null to wait for more drivers. */
    public static String select(String configured, Map<String, StorageDriverProvider> available, Path dataRoot,
                                boolean graceOver) {
        if (configured != null && !configured.isEmpty()) {
            return available.containsKey(configured) ? configured : null;
        }
        for (String prior : PRIORITY) {
            if (Files.isDirectory(dataRoot.resolve("image").resolve(prior))) {
                return available.containsKey(prior) ? prior : null;
            }
        }
        StorageDriverProvider overlay = available.get(OVERLAY2);
        if (overlay != null) {
            boolean supported;
            try {
                supported = overlay.probe(dataRoot.resolve(OVERLAY2)).supported();
            } catch (RuntimeException e) {
                supported = false;
            }
            if (supported) {
                return OVERLAY2;
            }
        }
        if (available.containsKey(VFS) && (overlay != null || graceOver)) {
            return VFS;
        }
        return null;
    }
}
