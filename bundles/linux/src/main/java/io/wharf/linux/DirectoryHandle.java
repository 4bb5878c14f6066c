package io.wharf.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory held open by a file descriptor, and the operations on its entries that Java lacks in a form that
 * cannot be redirected: every call names a child by a plain name relative to the descriptor and never follows a
 * symbolic link in that name. Whatever a hostile process renames or swaps meanwhile, the descriptor keeps naming
 * the directory that was opened, so work on a container's files stays inside the container.
 */
public final class DirectoryHandle implements AutoCloseable {
    private static final boolean AARCH64 = System.getProperty("os.arch").equals("aarch64")
            || System.getProperty("os.arch").equals("arm64");
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;
    private static final int O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_BUFFER_SIZE = 256;
    private static final long SYS_OPENAT2 = 437; // the same number on x86_64 and aarch64
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final long RESOLVE_IN_ROOT = 0x10;

    private static volatile boolean openat2Missing;

    private final LibC libc;
    /** The path-based calls (chmod, xattrs) over the same C library; shared by a handle's children. */
    private final LinuxFs fs;
    private final int fd;
    private final String description;
    private boolean closed;

    private DirectoryHandle(LinuxFs fs, LibC libc, int fd, String description) {
        this.fs = fs;
        this.libc = libc;
        this.fd = fd;
        this.description = description;
    }

    /** Opens a directory the daemon trusts (its own paths: a mounted root filesystem, a volume's source). */
    public static DirectoryHandle open(Path trusted) throws LinuxException {
        LibC libc = LibC.INSTANCE;
        try {
            return new DirectoryHandle(new LinuxFs(libc), libc, libc.openat(AT_FDCWD, trusted.toString(),
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), trusted.toString());
        } catch (LastErrorException e) {
            throw failureAt("open", trusted.toString(), e);
        }
    }

    /** The child directory {@code name}; a symbolic link there fails with ELOOP or ENOTDIR instead of being followed. */
    public DirectoryHandle openDirectory(String name) throws LinuxException {
        checkName(name);
        try {
            int child = libc.openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            return new DirectoryHandle(fs, libc, child, description + "/" + name);
        } catch (LastErrorException e) {
            throw failure("open", name, e);
        }
    }

    /**
     * The directory at the relative {@code path}, resolved by the kernel as if this directory were the root
     * (openat2 with RESOLVE_IN_ROOT: symbolic links are followed, absolute ones and {@code ..} stop here, magic links
     * are refused). Returns null where the kernel has no openat2; errors such as ENOENT or EAGAIN (a rename raced
     * the lookup) are thrown for the caller to fall back on a component-by-component walk.
     */
    public DirectoryHandle openDirectoryInRoot(String path) throws LinuxException {
        return openat2(path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    }

    private DirectoryHandle openat2(String path, long resolve) throws LinuxException {
        if (openat2Missing) {
            return null;
        }
        try (Memory how = new Memory(24)) {
            how.setLong(0, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            how.setLong(8, 0);
            how.setLong(16, resolve);
            int child = (int) libc.syscall(SYS_OPENAT2, fd, path, how, 24L);
            return new DirectoryHandle(fs, libc, child, description + "/" + path);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOSYS) {
                openat2Missing = true;
                return null;
            }
            throw failure("open", path, e);
        }
    }

    /**
     * The directory at the relative {@code path} below this one, if the kernel can reach it without meeting a
     * symbolic link or leaving this directory (openat2 with RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS). Returns null
     * where the kernel has no openat2; a link on the way fails with ELOOP, for the caller to walk it.
     */
    public DirectoryHandle openDirectoryBeneath(String path) throws LinuxException {
        return openat2(path, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
    }

    /** True where the kernel has openat2 (Linux 5.6 and later). */
    public static boolean hasOpenat2() {
        return !openat2Missing;
    }

    /** Makes {@link #openDirectoryInRoot} answer null, as on an old kernel; for tests of the fallback. */
    public static void simulateMissingOpenat2(boolean missing) {
        openat2Missing = missing;
    }

    /** lstat of the child {@code name}, or null when there is none (ENOENT, or ENOTDIR on the way). */
    public Statx statOrNull(String name) throws LinuxException {
        checkName(name);
        try {
            return statx(name, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOENT || e.getErrorCode() == Errno.ENOTDIR) {
                return null;
            }
            throw failure("stat", name, e);
        }
    }

    /** The stat of this directory itself. */
    public Statx stat() throws LinuxException {
        try {
            return statx("", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("stat", ".", e);
        }
    }

    private Statx statx(String name, int flags) {
        return statx(libc, fd, name, flags);
    }

    private static Statx statx(LibC libc, int dirfd, String name, int flags) {
        try (Memory buffer = new Memory(STATX_BUFFER_SIZE)) {
            buffer.clear();
            libc.statx(dirfd, name, flags, STATX_BASIC_STATS, buffer);
            return readStatx(buffer);
        }
    }

    /** struct statx has one layout on every architecture. */
    private static Statx readStatx(Memory buffer) {
        return new Statx(buffer.getShort(28) & 0xffff, buffer.getInt(20), buffer.getInt(24), buffer.getLong(40),
                time(buffer, 64), time(buffer, 112), LinuxFs.makedev(buffer.getInt(136), buffer.getInt(140)),
                buffer.getLong(32), LinuxFs.makedev(buffer.getInt(128), buffer.getInt(132)), buffer.getInt(16));
    }

    private static FileTime time(Memory buffer, int offset) {
        return FileTime.from(Instant.ofEpochSecond(buffer.getLong(offset), buffer.getInt(offset + 8) & 0xffffffffL));
    }

    /** The target of the symbolic link {@code name}. */
    public String readLink(String name) throws LinuxException {
        checkName(name);
        byte[] buffer = new byte[4096];
        try {
            long n = libc.readlinkat(fd, name, buffer, buffer.length);
            return new String(buffer, 0, (int) n, StandardCharsets.UTF_8);
        } catch (LastErrorException e) {
            throw failure("read link", name, e);
        }
    }

    /** The names in this directory, without {@code .} and {@code ..}, in no particular order. */
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procPath())) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    public void makeDirectory(String name, int mode) throws LinuxException {
        checkName(name);
        try {
            libc.mkdirat(fd, name, mode & LinuxFs.PERMISSION_BITS);
        } catch (LastErrorException e) {
            throw failure("create directory", name, e);
        }
    }

    /** mknod relative to this directory: {@code mode} holds the file type and permissions. */
    public void makeNode(String name, int mode, long device) throws LinuxException {
        checkName(name);
        try {
            libc.mknodat(fd, name, mode, device);
        } catch (LastErrorException e) {
            throw failure("create node", name, e);
        }
    }

    public void makeSymbolicLink(String name, String target) throws LinuxException {
        checkName(name);
        try {
            libc.symlinkat(target, fd, name);
        } catch (LastErrorException e) {
            throw failure("create symbolic link", name, e);
        }
    }

    /** A hard link {@code name} here to {@code targetName} in {@code targetDir} (a symbolic link there is linked itself). */
    public void makeHardLink(String name, DirectoryHandle targetDir, String targetName) throws LinuxException {
        checkName(name);
        checkName(targetName);
        try {
            libc.linkat(targetDir.fd, targetName, fd, name, 0);
        } catch (LastErrorException e) {
            throw failure("create hard link", name, e);
        }
    }

    /** Creates the regular file {@code name} (it must not exist) and opens it for writing. */
    public OpenFile createFile(String name) throws LinuxException {
        checkName(name);
        try {
            return new OpenFile(libc, libc.openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        } catch (LastErrorException e) {
            throw failure("create", name, e);
        }
    }

    /** Opens {@code name} for reading, refusing a symbolic link; FIFOs and devices open without blocking. */
    public OpenFile openFile(String name) throws LinuxException {
        checkName(name);
        try {
            return new OpenFile(libc, libc.openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0));
        } catch (LastErrorException e) {
            throw failure("open", name, e);
        }
    }

    /** Removes the entry {@code name}: an empty directory when {@code directory}, else anything but a directory. */
    public void remove(String name, boolean directory) throws LinuxException {
        checkName(name);
        try {
            libc.unlinkat(fd, name, directory ? AT_REMOVEDIR : 0);
        } catch (LastErrorException e) {
            throw failure("remove", name, e);
        }
    }

    /** Removes {@code name} and, for a directory, everything below it; links are removed, never followed. */
    public void removeTree(String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Statx stat = statOrNull(name);
            if (stat == null) {
                return;
            }
            if (!stat.isDirectory()) {
                remove(name, false);
                return;
            }
            try (DirectoryHandle child = openDirectory(name)) {
                for (String entry : child.list()) {
                    child.removeTree(entry);
                }
            } catch (LinuxException e) {
                if (attempt < 8 && (e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR)) {
                    continue; // swapped for a link or a file since the stat: look again
                }
                throw e;
            }
            try {
                remove(name, true);
                return;
            } catch (LinuxException e) {
                if (attempt >= 8 || e.errno() != Errno.ENOTEMPTY) {
                    throw e;
                }
                // something was created meanwhile: empty it again
            }
        }
    }

    /** lchown of the child {@code name}: a symbolic link is changed itself. */
    public void changeOwner(String name, int uid, int gid) throws LinuxException {
        checkName(name);
        try {
            libc.fchownat(fd, name, uid, gid, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("change owner of", name, e);
        }
    }

    /** Changes this directory's own owner. */
    public void changeOwner(int uid, int gid) throws LinuxException {
        try {
            libc.fchownat(fd, "", uid, gid, AT_EMPTY_PATH);
        } catch (LastErrorException e) {
            throw failure("change owner of", ".", e);
        }
    }

    /**
     * chmod of the child {@code name} with all permission bits, without following a symbolic link there (Linux has
     * no mode on links, so asking for one fails).
     */
    public void changeMode(String name, int mode) throws LinuxException {
        checkName(name);
        int path;
        try {
            path = libc.openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure("change mode of", name, e);
        }
        try {
            // an O_PATH descriptor takes no fchmod, but its /proc entry names exactly the inode it holds
            fs.chmod(Path.of("/proc/self/fd/" + path), mode);
        } finally {
            libc.close(path);
        }
    }

    /** Changes this directory's own mode. */
    public void changeMode(int mode) throws LinuxException {
        try {
            libc.fchmod(fd, mode & LinuxFs.PERMISSION_BITS);
        } catch (LastErrorException e) {
            throw failure("change mode of", ".", e);
        }
    }

    /** utimensat of the child {@code name}, a symbolic link's own times included. */
    public void setTimes(String name, FileTime accessed, FileTime modified) throws LinuxException {
        checkName(name);
        try {
            libc.utimensat(fd, name, times(accessed, modified), AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("set times of", name, e);
        }
    }

    /** Sets this directory's own times. */
    public void setTimes(FileTime accessed, FileTime modified) throws LinuxException {
        try {
            libc.utimensat(fd, null, times(accessed, modified), 0);
        } catch (LastErrorException e) {
            throw failure("set times of", ".", e);
        }
    }

    private static long[] times(FileTime accessed, FileTime modified) {
        Instant a = accessed.toInstant();
        Instant m = modified.toInstant();
        return new long[] {a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano()};
    }

    /** lsetxattr of the child {@code name} (or of this directory for null), reached through this descriptor. */
    public void setXattr(String name, String attribute, byte[] value) throws LinuxException {
        if (name != null) {
            checkName(name);
        }
        Path target = name == null ? procPath() : procPath().resolve(name);
        fs.setXattr(target, attribute, value);
    }

    /**
     * This directory's entry in /proc: opening a name below it resolves from the descriptor, not from any path, so
     * it stays valid whatever happens to the directory's path. The last component given below it is the caller's
     * responsibility (use {@code NOFOLLOW}-style calls).
     */
    public Path procPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(libc, fd);
        }
    }

    private static void closeQuietly(LibC libc, int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // nothing to do: the descriptor is gone either way
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** Names only: a separator or a dot-dot would reach past this directory. */
    private static void checkName(String name) throws LinuxException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw new LinuxException("not a plain file name: \"" + name + "\"", Errno.EINVAL);
        }
    }

    private LinuxException failure(String action, String name, LastErrorException e) {
        return failureAt(action, description + "/" + name, e);
    }

    private static LinuxException failureAt(String action, String path, LastErrorException e) {
        return LinuxException.of(LibC.INSTANCE, action, path, e);
    }

    /** A file opened by {@link #createFile} or {@link #openFile}: read or write it through {@link #procPath}. */
    public static final class OpenFile implements AutoCloseable {
        private final LibC libc;
        private final int fd;
        private boolean closed;

        private OpenFile(LibC libc, int fd) {
            this.libc = libc;
            this.fd = fd;
        }

        /** The stat of the opened file itself. */
        public Statx stat() throws LinuxException {
            try {
                return statx(libc, fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
            } catch (LastErrorException e) {
                throw failureAt("stat", "/proc/self/fd/" + fd, e);
            }
        }

        /** Reopening this path reaches exactly the opened inode (the way to stream it with java.nio). */
        public Path procPath() {
            return Path.of("/proc/self/fd/" + fd);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                closeQuietly(libc, fd);
            }
        }
    }
}
