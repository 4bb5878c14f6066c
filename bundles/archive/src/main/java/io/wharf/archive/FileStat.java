package io.wharf.archive;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** lstat(2) of one path, from the JDK's "unix" attribute view. */
record FileStat(int mode, int uid, int gid, long size, FileTime modified, FileTime accessed, long dev, long ino,
        long rdev, int nlink) {

    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,dev,ino,rdev,nlink";

    static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStat((int) a.get("mode"), (int) a.get("uid"), (int) a.get("gid"), (long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("lastAccessTime"), (long) a.get("dev"),
                (long) a.get("ino"), (long) a.get("rdev"), (int) a.get("nlink"));
    }

    /** The stat, or null when nothing is there. */
    static FileStat ofOrNull(Path path) throws IOException {
        try {
            return of(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    int type() {
        return mode & LinuxFs.S_IFMT;
    }

    int permissions() {
        return mode & LinuxFs.PERMISSION_BITS;
    }

    boolean isDirectory() {
        return type() == LinuxFs.S_IFDIR;
    }

    boolean isRegular() {
        return type() == LinuxFs.S_IFREG;
    }

    boolean isSymlink() {
        return type() == LinuxFs.S_IFLNK;
    }

    boolean isDevice() {
        return type() == LinuxFs.S_IFCHR || type() == LinuxFs.S_IFBLK;
    }

    boolean isFifo() {
        return type() == LinuxFs.S_IFIFO;
    }

    boolean isSocket() {
        return type() == LinuxFs.S_IFSOCK;
    }

    /** overlayfs records a deletion as a character device 0/0. */
    boolean isOverlayWhiteout() {
        return type() == LinuxFs.S_IFCHR && rdev == 0;
    }

    Object inodeKey() {
        return new InodeKey(dev, ino);
    }

    private record InodeKey(long dev, long ino) {
    }
}
