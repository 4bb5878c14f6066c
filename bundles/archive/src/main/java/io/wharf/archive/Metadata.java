package io.wharf.archive;

import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sets ownership, mode and xattrs of a freshly created file, in the order that keeps setuid bits. */
final class Metadata {
    private final LinuxFs fs;

    Metadata(LinuxFs fs) {
        this.fs = fs;
    }

    /** chown clears setuid/setgid, so the mode comes after it; links have no mode of their own. */
    void apply(Path path, boolean symlink, int uid, int gid, int permissions, Map<String, byte[]> xattrs)
            throws IOException {
        fs.lchown(path, uid, gid);
        if (!symlink) {
            fs.chmod(path, permissions);
        }
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            setXattrBestEffort(path, xattr.getKey(), xattr.getValue());
        }
    }

    /**
     * Like Docker, tolerate xattrs the filesystem or kernel refuses (no xattr support, a namespace we may not
     * write, a value the kernel rejects): the file content matters more than an optional label.
     */
    private void setXattrBestEffort(Path path, String name, byte[] value) throws IOException {
        try {
            fs.setXattr(path, name, value);
        } catch (LinuxException e) {
            int errno = e.errno();
            if (errno != Errno.EOPNOTSUPP && errno != Errno.EPERM && errno != Errno.EINVAL) {
                throw e;
            }
        }
    }

    /** Directory times must be set after their contents are written, or writing the contents resets them. */
    static final class DeferredTimes {
        private record Pending(Path dir, FileTime accessed, FileTime modified) {
        }

        private final List<Pending> pending = new ArrayList<>();

        void add(Path dir, FileTime accessed, FileTime modified) {
            pending.add(new Pending(dir, accessed, modified));
        }

        /** Deepest first, although setting a directory's times does not touch its parent's anyway. */
        void applyAll(LinuxFs fs) throws IOException {
            for (int i = pending.size() - 1; i >= 0; i--) {
                Pending p = pending.get(i);
                fs.setTimes(p.dir(), p.accessed(), p.modified());
            }
        }
    }
}
