package io.wharf.containerfiles;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** lstat(2) of one path, from the JDK's "unix" attribute view. */
public record UnixStat(int mode, int uid, int gid, long size, FileTime modified, FileTime accessed, long dev, long ino,
                       long rdev, int nlink) {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,dev,ino,rdev,nlink";

    public static UnixStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new UnixStat((int) a.get("mode"), (int) a.get("uid"), (int) a.get("gid"), (long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("lastAccessTime"), (long) a.get("dev"),
                (long) a.get("ino"), (long) a.get("rdev"), (int) a.get("nlink"));
    }

    public int type() {
        return mode & LinuxFs.S_IFMT;
    }

    public int permissions() {
        return mode & LinuxFs.PERMISSION_BITS;
    }

    public boolean isDirectory() {
        return type() == LinuxFs.S_IFDIR;
    }

    public boolean isRegular() {
        return type() == LinuxFs.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == LinuxFs.S_IFLNK;
    }

    public boolean isSocket() {
        return type() == LinuxFs.S_IFSOCK;
    }

    public boolean isFifo() {
        return type() == LinuxFs.S_IFIFO;
    }

    public Object inodeKey() {
        return new InodeKey(dev, ino);
    }

    /**
     * The mode as Go's os.FileMode encodes it (what docker cp's stat header carries): type bits at the top,
     * setuid/setgid/sticky moved to Go's own bits, permissions at the bottom.
     */
    public long goFileMode() {
        long m = mode & 0777;
        switch (type()) {
            case LinuxFs.S_IFDIR -> m |= 1L << 31;
            case LinuxFs.S_IFLNK -> m |= 1L << 27;
            case LinuxFs.S_IFBLK -> m |= 1L << 26;
            case LinuxFs.S_IFCHR -> m |= (1L << 26) | (1L << 21);
            case LinuxFs.S_IFIFO -> m |= 1L << 25;
            case LinuxFs.S_IFSOCK -> m |= 1L << 24;
            default -> {
                // regular file: no type bit
            }
        }
        if ((mode & 04000) != 0) {
            m |= 1L << 23;
        }
        if ((mode & 02000) != 0) {
            m |= 1L << 22;
        }
        if ((mode & 01000) != 0) {
            m |= 1L << 20;
        }
        return m;
    }

    private record InodeKey(long dev, long ino) {
    }
}
