package io.wharf.pluginmanager.docker;

import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of a plugin's propagated mount, as dockerd's plugin manager keeps it: before the plugin starts, its
 * host directory is made a mount of its own and shared ({@code mount.MakeRShared}), so that what the plugin mounts
 * under it (its container's root being {@code rshared} too) appears on the host, where volumes are bound from;
 * once the plugin is stopped, that mount and whatever the plugin left mounted under it are taken away
 * ({@code mount.RecursiveUnmount}), the directory itself stays (volumes kept as directories live in it).
 */
public final class PropagatedMounts {
    private static final Logger LOG = LoggerFactory.getLogger(PropagatedMounts.class);

    /** The two system calls this needs, so that a test can watch them. */
    public interface MountCalls {
        void mount(String source, Path target, String fstype, long flags, String data) throws IOException;

        void unmount(Path target, int flags) throws IOException;
    }

    /** A bound on the mounts stacked on the directory, so that a detach that changes nothing cannot loop. */
    private static final int MAX_STACKED = 64;

    private final MountCalls calls;
    private final MountTable table;

    public PropagatedMounts(MountCalls calls, MountTable table) {
        this.calls = calls;
        this.table = table;
    }

    /** On the host's mount table, through {@link LinuxFs}. */
    public static PropagatedMounts of(LinuxFs fs) {
        return new PropagatedMounts(new MountCalls() {
            @Override
            public void mount(String source, Path target, String fstype, long flags, String data)
                    throws IOException {
                fs.mount(source, target, fstype, flags, data);
            }

            @Override
            public void unmount(Path target, int flags) throws IOException {
                fs.unmount(target, flags);
            }
        }, new MountTable());
    }

    /**
     * Makes {@code dir} a recursively shared mount: bound on itself first unless it is a mount point already
     * (as after a daemon restart that adopted the plugin), since only a mount has a propagation type.
     */
    public void share(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!table.isMountPoint(dir)) {
            calls.mount(dir.toString(), dir, null, LinuxFs.MS_BIND | LinuxFs.MS_REC, null);
        }
        calls.mount(null, dir, null, LinuxFs.MS_SHARED | LinuxFs.MS_REC, null);
    }

    /**
     * Detaches the directory's own mount, again while anything is mounted at or below it (a mount stacked there),
     * as moby's {@code RecursiveUnmount} tries first: a lazy detach takes the whole subtree, and the directory is
     * wharfd's path, no component of it the plugin's. Mount points below it are never unmounted one by one, since
     * umount2 would follow links the plugin made there (a tmpfs over {@code x} with {@code x/y} a link to the
     * host's {@code /sys/fs/cgroup}). A container may still hold a volume's copy: its own namespace keeps that.
     *
     * @return whether nothing is mounted at or below {@code dir} any more (else deleting it would cross mounts)
     */
    public boolean release(Path dir) {
        try {
            for (int detached = 0; detached <= MAX_STACKED; detached++) {
                if (table.mountsAtOrBelow(dir).isEmpty()) {
                    return true;
                }
                calls.unmount(dir, LinuxFs.MNT_DETACH);
            }
            LOG.warn("{} is still mounted after {} detaches", dir, MAX_STACKED);
        } catch (IOException e) {
            LOG.warn("{} stays mounted: {}", dir, e.getMessage());
        }
        return false;
    }
}
