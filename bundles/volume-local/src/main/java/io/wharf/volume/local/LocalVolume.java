package io.wharf.volume.local;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeInfo;
import io.wharf.archive.DirectoryTrees;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * One local volume: {@code <root>/NAME} holding {@code _data} (what containers bind) and {@code opts.json}.
 * A volume with mount options has its filesystem mounted over {@code _data} while at least one user (a mount ID,
 * counted per ID) has it mounted, and unmounted when the last one leaves. Guarded by its own monitor.
 */
final class LocalVolume {
    static final String DATA_DIR = "_data";

    private final String name;
    private final Path root;
    private final Path data;
    private final MountOptions options;
    private final MountSyscalls syscalls;
    private final MountTable mountTable;
    /** Mount ID → how many times it mounted the volume without unmounting yet. */
    private final Map<String, Integer> users = new HashMap<>();
    private boolean mounted;
    private boolean removed;

    LocalVolume(String name, Path root, MountOptions options, MountSyscalls syscalls, MountTable mountTable) {
        this.name = name;
        this.root = root;
        this.data = root.resolve(DATA_DIR);
        this.options = options;
        this.syscalls = syscalls;
        this.mountTable = mountTable;
    }

    String name() {
        return name;
    }

    Path root() {
        return root;
    }

    Path data() {
        return data;
    }

    MountOptions options() {
        return options;
    }

    synchronized Path mount(String mountId) throws IOException {
        requireNotRemoved();
        if (options != null && !mounted) {
            try {
                options.flags().apply(syscalls, options.device(), data, options.fstype());
            } catch (IOException e) {
                throw new IOException("failed to mount local volume: " + e.getMessage(), e);
            }
            mounted = true;
        }
        users.merge(mountId, 1, Integer::sum);
        return data;
    }

    /** Releases one mount by {@code mountId}; an ID that holds no mount releases nothing. */
    synchronized void unmount(String mountId) throws IOException {
        requireNotRemoved();
        Integer count = users.get(mountId);
        if (count == null) {
            return;
        }
        if (count > 1) {
            users.put(mountId, count - 1);
        } else {
            users.remove(mountId);
        }
        if (users.isEmpty() && mounted) {
            detach();
        }
    }

    synchronized boolean inUse() {
        return !users.isEmpty();
    }

    synchronized boolean mounted() {
        return mounted;
    }

    /**
     * Deletes the volume's tree. Refuses while it is mounted: a recursive delete would also empty whatever is
     * mounted below, such as the host directory of a bind volume.
     */
    synchronized void delete() throws IOException {
        requireNotRemoved();
        if (!users.isEmpty()) {
            throw EngineException.conflict("volume has active mounts");
        }
        if (mountTable.isMountPoint(data)) {
            detach(); // left over from an earlier run or a failed unmount
        }
        if (!mountTable.mountsAtOrBelow(root).isEmpty()) {
            throw EngineException.conflict("volume %s has mounts below %s", name, root);
        }
        DirectoryTrees.delete(root);
        removed = true;
    }

    /** Drops a mount that an earlier run of the daemon left over, so that every run starts with none. */
    synchronized void detachLeftover() throws IOException {
        if (options != null && mountTable.isMountPoint(data)) {
            syscalls.unmount(data);
        }
    }

    synchronized VolumeInfo info() {
        requireNotRemoved();
        return new VolumeInfo(name, data.toString(), createdAt(), Map.of());
    }

    private void detach() throws IOException {
        try {
            syscalls.unmount(data);
        } catch (IOException e) {
            if (mountTable.isMountPoint(data)) {
                throw new IOException("failed to unmount local volume " + name + ": " + e.getMessage(), e);
            }
        }
        mounted = false;
    }

    private void requireNotRemoved() {
        if (removed) {
            throw EngineException.notFound("volume not found");
        }
    }

    /** Like dockerd: the change time of the volume's directory, as RFC 3339 in whole seconds. */
    private String createdAt() {
        Instant t;
        try {
            t = ((FileTime) Files.getAttribute(root, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            try {
                t = Files.getLastModifiedTime(root, LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (IOException e2) {
                t = Instant.EPOCH;
            }
        }
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
