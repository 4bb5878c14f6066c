package io.wharf.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Linux file system calls that {@code java.nio} lacks. Every {@code l*} method acts on a symbolic link itself,
 * never on its target. Failures throw {@link LinuxException} with the call, the path and {@code strerror} text.
 * Thread-safe. Other bundles are given it as an OSGi service ({@link LinuxFsComponent}) and pass it on through
 * constructors; {@link #get()} is for this bundle's own classes and for tests.
 */
public final class LinuxFs {
    // File type bits of st_mode (sys/stat.h).
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    /** Permission bits plus setuid, setgid and sticky. */
    public static final int PERMISSION_BITS = 07777;

    // mount(2) flags.
    public static final long MS_RDONLY = 1L;
    public static final long MS_NOSUID = 2L;
    public static final long MS_NODEV = 4L;
    public static final long MS_NOEXEC = 8L;
    public static final long MS_REMOUNT = 32L;
    public static final long MS_BIND = 4096L;
    public static final long MS_REC = 16384L;
    public static final long MS_PRIVATE = 1L << 18;
    public static final long MS_SLAVE = 1L << 19;
    public static final long MS_SHARED = 1L << 20;

    // umount2(2) flags.
    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;

    // setxattr(2) flags.
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** struct statfs is 120 bytes on 64-bit Linux; the spare room guards against layout surprises. */
    private static final int STATFS_BUFFER_SIZE = 256;
    /** struct stat is 144 bytes on x86_64 and 128 on aarch64. */
    private static final int STAT_BUFFER_SIZE = 256;
    private static final StatLayout STAT_LAYOUT = StatLayout.forArch(System.getProperty("os.arch"));
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENXIO = 6;
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32;

    /** Offsets of the struct stat fields we read; the two 64-bit ABIs Wharf runs on differ. */
    private record StatLayout(int mode, int uid, int gid, int rdev) {
        static StatLayout forArch(String arch) {
            return arch.equals("aarch64") || arch.equals("arm64")
                    ? new StatLayout(16, 24, 28, 32)   // asm-generic: dev, ino, mode, nlink(32-bit), uid, gid, rdev
                    : new StatLayout(24, 28, 32, 40);  // x86_64: dev, ino, nlink(64-bit), mode, uid, gid, pad, rdev
        }

        FileStat read(Memory stat) {
            return new FileStat(stat.getInt(mode), stat.getInt(uid), stat.getInt(gid), stat.getLong(rdev));
        }
    }

    private static final class Holder {
        static final LinuxFs INSTANCE = new LinuxFs(LibC.INSTANCE);
    }

    private final LibC libc;

    /** Over {@code libc}: {@link #get()} for the process's instance, or a handle's own over the library it holds. */
    LinuxFs(LibC libc) {
        this.libc = libc;
    }

    /**
     * The process-wide instance; loads the C library on first use and throws a {@link LinkageError} where JNA
     * cannot. Code in other bundles takes the service instead.
     */
    public static LinuxFs get() {
        return Holder.INSTANCE;
    }

    // ---- mounts

    /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
    public void mount(String source, Path target, String fstype, long flags, String data) throws LinuxException {
        try {
            libc.mount(source, target.toString(), fstype, flags, data);
        } catch (LastErrorException e) {
            throw failure("mount " + (fstype != null ? fstype + " " : "") + "on", target, e);
        }
    }

    /** umount2(2) with {@link #MNT_DETACH} and/or {@link #MNT_FORCE}. */
    public void unmount(Path target, int flags) throws LinuxException {
        try {
            libc.umount2(target.toString(), flags);
        } catch (LastErrorException e) {
            throw failure("unmount", target, e);
        }
    }

    // ---- special files

    /** mknod(2): {@code mode} holds the file type ({@link #S_IFCHR}, ...) and permissions; not subject to umask for type. */
    public void mknod(Path path, int mode, long device) throws LinuxException {
        try {
            libc.mknod(path.toString(), mode, device);
        } catch (LastErrorException e) {
            throw failure("create device node", path, e);
        }
    }

    public void makeCharDevice(Path path, int permissions, int major, int minor) throws LinuxException {
        mknod(path, S_IFCHR | (permissions & PERMISSION_BITS), makedev(major, minor));
    }

    public void makeBlockDevice(Path path, int permissions, int major, int minor) throws LinuxException {
        mknod(path, S_IFBLK | (permissions & PERMISSION_BITS), makedev(major, minor));
    }

    public void makeFifo(Path path, int permissions) throws LinuxException {
        mknod(path, S_IFIFO | (permissions & PERMISSION_BITS), 0);
    }

    /** An overlayfs whiteout: a character device with device number 0/0. */
    public void makeOverlayWhiteout(Path path) throws LinuxException {
        mknod(path, S_IFCHR, 0);
    }

    /** glibc's {@code makedev}: the 64-bit {@code dev_t} encoding. */
    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    public static int major(long device) {
        return (int) (((device >>> 32) & 0xfffff000L) | ((device >>> 8) & 0xfffL));
    }

    public static int minor(long device) {
        return (int) (((device >>> 12) & 0xffffff00L) | (device & 0xffL));
    }

    // ---- ownership, modes, times

    /** chown(2) of the link itself when {@code path} is a symbolic link. */
    public void lchown(Path path, int uid, int gid) throws LinuxException {
        try {
            libc.lchown(path.toString(), uid, gid);
        } catch (LastErrorException e) {
            throw failure("change owner of", path, e);
        }
    }

    /**
     * chmod(2) with all of {@link #PERMISSION_BITS} (Java's API drops setuid, setgid and sticky). Follows symbolic
     * links, so never call it on one: Linux has no mode on links.
     */
    public void chmod(Path path, int mode) throws LinuxException {
        try {
            libc.chmod(path.toString(), mode & PERMISSION_BITS);
        } catch (LastErrorException e) {
            throw failure("change mode of", path, e);
        }
    }

    /** utimensat(2) with AT_SYMLINK_NOFOLLOW, so it also sets a symbolic link's own times. */
    public void setTimes(Path path, FileTime accessTime, FileTime modifiedTime) throws LinuxException {
        Instant atime = accessTime.toInstant();
        Instant mtime = modifiedTime.toInstant();
        long[] times = {atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano()};
        try {
            libc.utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("set times of", path, e);
        }
    }

    // ---- extended attributes

    public void setXattr(Path path, String name, byte[] value) throws LinuxException {
        try {
            libc.lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw failure("set extended attribute " + name + " on", path, e);
        }
    }

    /** The attribute's value, or empty when it is absent or the filesystem has no extended attributes. */
    public Optional<byte[]> getXattr(Path path, String name) throws LinuxException {
        String file = path.toString();
        while (true) {
            try {
                long size = libc.lgetxattr(file, name, null, 0);
                byte[] value = new byte[(int) size];
                long read = size == 0 ? 0 : libc.lgetxattr(file, name, value, value.length);
                return Optional.of(read == size ? value : Arrays.copyOf(value, (int) read));
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.ENODATA || errno == Errno.EOPNOTSUPP) {
                    return Optional.empty();
                }
                if (errno != Errno.ERANGE) { // ERANGE: the value grew between the two calls; ask again
                    throw failure("read extended attribute " + name + " of", path, e);
                }
            }
        }
    }

    /** Attribute names in the order the kernel lists them; empty when the filesystem has none. */
    public List<String> listXattrs(Path path) throws LinuxException {
        String file = path.toString();
        while (true) {
            try {
                long size = libc.llistxattr(file, null, 0);
                if (size == 0) {
                    return List.of();
                }
                byte[] buffer = new byte[(int) size];
                long read = libc.llistxattr(file, buffer, buffer.length);
                List<String> names = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == 0) {
                        names.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
                        start = i + 1;
                    }
                }
                return names;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.EOPNOTSUPP) {
                    return List.of();
                }
                if (errno != Errno.ERANGE) {
                    throw failure("list extended attributes of", path, e);
                }
            }
        }
    }

    /** Removes the attribute; an absent one is not an error. */
    public void removeXattr(Path path, String name) throws LinuxException {
        try {
            libc.lremovexattr(path.toString(), name);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ENODATA) {
                throw failure("remove extended attribute " + name + " from", path, e);
            }
        }
    }

    // ---- filesystems

    /** statfs(2) {@code f_type} of the filesystem holding {@code path}; see {@link FilesystemMagic}. */
    public long filesystemType(Path path) throws LinuxException {
        try (Memory buffer = new Memory(STATFS_BUFFER_SIZE)) {
            buffer.clear();
            libc.statfs(path.toString(), buffer);
            return buffer.getLong(0) & 0xffffffffL; // f_type is a 32-bit magic stored in a long
        } catch (LastErrorException e) {
            throw failure("inspect the filesystem of", path, e);
        }
    }

    // ---- file status and FIFOs

    /** stat(2), following symbolic links. */
    public FileStat stat(Path path) throws LinuxException {
        try (Memory buffer = new Memory(STAT_BUFFER_SIZE)) {
            buffer.clear();
            libc.stat(path.toString(), buffer);
            return STAT_LAYOUT.read(buffer);
        } catch (LastErrorException e) {
            throw failure("stat", path, e);
        }
    }

    /**
     * Writes {@code data} to a FIFO in one write(2) without ever blocking: opens it O_WRONLY|O_NONBLOCK, so a FIFO
     * nobody reads fails at once ({@code ENXIO}) instead of hanging. Returns false when there is no reader or the
     * FIFO is full; writes up to PIPE_BUF bytes are atomic.
     */
    public boolean writeFifo(Path fifo, byte[] data) throws LinuxException {
        int fd;
        try {
            fd = libc.open(fifo.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return false;
            }
            throw failure("open", fifo, e);
        }
        try {
            return libc.write(fd, data, data.length) == data.length;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EPIPE) {
                return false;
            }
            throw failure("write to", fifo, e);
        } finally {
            libc.close(fd);
        }
    }

    /** The C library's description of an errno value. */
    public String strerror(int errno) {
        return LinuxException.strerror(libc, errno);
    }

    private LinuxException failure(String action, Path path, LastErrorException e) {
        return LinuxException.of(libc, action, path, e);
    }
}
