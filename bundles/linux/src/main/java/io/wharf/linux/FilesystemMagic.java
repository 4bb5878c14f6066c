package io.wharf.linux;

import java.util.Map;

/** statfs(2) {@code f_type} values of the filesystems a container engine cares about, with display names. */
public final class FilesystemMagic {
    public static final long EXT4 = 0xEF53L;
    public static final long XFS = 0x58465342L;
    public static final long BTRFS = 0x9123683EL;
    public static final long TMPFS = 0x01021994L;
    public static final long RAMFS = 0x858458F6L;
    public static final long OVERLAYFS = 0x794C7630L;
    public static final long AUFS = 0x61756673L;
    public static final long ECRYPTFS = 0xF15FL;
    public static final long NFS = 0x6969L;
    public static final long FUSE = 0x65735546L;
    public static final long ZFS = 0x2FC12FC1L;
    public static final long F2FS = 0xF2F52010L;
    public static final long SQUASHFS = 0x73717368L;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(EXT4, "extfs"), Map.entry(XFS, "xfs"), Map.entry(BTRFS, "btrfs"), Map.entry(TMPFS, "tmpfs"),
            Map.entry(RAMFS, "ramfs"), Map.entry(OVERLAYFS, "overlayfs"), Map.entry(AUFS, "aufs"),
            Map.entry(ECRYPTFS, "ecryptfs"), Map.entry(NFS, "nfs"), Map.entry(FUSE, "fuse"), Map.entry(ZFS, "zfs"),
            Map.entry(F2FS, "f2fs"), Map.entry(SQUASHFS, "squashfs"));

    private FilesystemMagic() {
    }

    /** A short name such as {@code extfs} or {@code overlayfs}, or the magic in hex when unknown. */
    public static String name(long magic) {
        String name = NAMES.get(magic);
        return name != null ? name : String.format("unknown (0x%x)", magic);
    }
}
