package io.wharf.archive;

import io.wharf.api.storage.Change;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes layer tars: a whole tree (a base layer), an overlayfs upper directory with its whiteouts converted to
 * OCI ones, or the difference between two full trees. Entries come in path order, parents first, so the same
 * tree always gives the same tar and thus the same diff ID. The {@code OutputStream} variants close the stream;
 * the {@code InputStream} variants produce the tar on a background thread while it is read.
 */
public final class LayerDiffer {
    private final LinuxFs fs;

    /** Reads owners, devices and xattrs through {@code fs}, the instance the linux bundle offers as a service. */
    public LayerDiffer(LinuxFs fs) {
        this.fs = fs;
    }

    /** Everything below {@code root}, as a base layer. */
    public void writeTree(Path root, OutputStream out) throws IOException {
        try (TarEmitter tar = new TarEmitter(out, fs)) {
            TreeWalker.walk(root, (relative, file, stat) -> {
                tar.addFile(relative, file, stat);
                return true;
            });
            tar.finish();
        }
    }

    /**
     * An overlayfs upper (or layer {@code diff}) directory: 0/0 character devices become {@code .wh.NAME} and
     * directories marked {@code trusted.overlay.opaque=y} get a {@code .wh..wh..opq} entry.
     */
    public void writeOverlayUpper(Path upper, OutputStream out) throws IOException {
        try (TarEmitter tar = new TarEmitter(out, fs)) {
            TreeWalker.walk(upper, (relative, file, stat) -> {
                if (stat.isOverlayWhiteout()) {
                    int slash = relative.lastIndexOf('/');
                    tar.addWhiteout(slash < 0 ? "" : relative.substring(0, slash), relative.substring(slash + 1), stat);
                    return false;
                }
                tar.addFile(relative, file, stat);
                if (stat.isDirectory() && OverlayOpaque.isOpaque(fs, file)) {
                    tar.addOpaqueMarker(relative, stat);
                }
                return true;
            });
            tar.finish();
        }
    }

    /**
     * What turns tree {@code parent} into tree {@code layer}: added and modified paths (with the directories that
     * hold changes) as entries, deleted ones as {@code .wh.NAME}. A null {@code parent} writes all of {@code layer}.
     */
    public void writeDifference(Path parent, Path layer, OutputStream out) throws IOException {
        if (parent == null) {
            writeTree(layer, out);
            return;
        }
        try (TarEmitter tar = new TarEmitter(out, fs)) {
            for (TreeComparison.Difference d : TreeComparison.compare(parent, layer)) {
                int slash = d.path().lastIndexOf('/');
                if (d.kind() == Change.Kind.DELETED) {
                    tar.addWhiteout(slash < 0 ? "" : d.path().substring(0, slash), d.path().substring(slash + 1), null);
                } else {
                    Path file = layer.resolve(d.path());
                    tar.addFile(d.path(), file, FileStat.of(file));
                }
            }
            tar.finish();
        }
    }

    public InputStream tree(Path root) {
        return PipedTar.start("tar of " + root, out -> writeTree(root, out));
    }

    public InputStream overlayUpper(Path upper) {
        return PipedTar.start("tar of " + upper, out -> writeOverlayUpper(upper, out));
    }

    public InputStream difference(Path parent, Path layer) {
        return PipedTar.start("tar of changes in " + layer, out -> writeDifference(parent, layer, out));
    }
}
