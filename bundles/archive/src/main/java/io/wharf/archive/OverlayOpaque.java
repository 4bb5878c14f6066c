package io.wharf.archive;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads overlayfs's opaque-directory mark. */
final class OverlayOpaque {
    private OverlayOpaque() {
    }

    static boolean isOpaque(LinuxFs fs, Path dir) throws IOException {
        return fs.getXattr(dir, Whiteouts.OVERLAY_OPAQUE_XATTR)
                .map(value -> Arrays.equals(value, new byte[] {'y'}))
                .orElse(false);
    }
}
