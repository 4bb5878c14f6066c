package io.wharf.linux;

/**
 * What stat(2) says of a file: its mode (type and permission bits, see {@link LinuxFs#S_IFMT}), owner and, for
 * device nodes, the device number ({@link LinuxFs#major}, {@link LinuxFs#minor}).
 */
public record FileStat(int mode, int uid, int gid, long rdev) {
    public int type() {
        return mode & LinuxFs.S_IFMT;
    }

    public boolean isCharDevice() {
        return type() == LinuxFs.S_IFCHR;
    }

    public boolean isBlockDevice() {
        return type() == LinuxFs.S_IFBLK;
    }

    public int permissions() {
        return mode & LinuxFs.PERMISSION_BITS;
    }
}
