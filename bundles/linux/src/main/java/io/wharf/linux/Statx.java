package io.wharf.linux;

import java.nio.file.attribute.FileTime;

/**
 * What statx(2) says of one file (never following a last symbolic link): its type and permission bits, owner,
 * size, times, the device and inode that identify it, the device number of a device node and its link count.
 */
public record Statx(int mode, int uid, int gid, long size, FileTime accessed, FileTime modified, long dev, long ino,
                    long rdev, int nlink) {

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
}
