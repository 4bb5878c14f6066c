package io.wharf.volume.local;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import io.wharf.archive.DirectoryTrees;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's {@code local} volume driver: one directory per volume under {@code <data-root>/volumes}, optionally
 * with a filesystem (tmpfs, a bind of a host directory, nfs...) mounted over its {@code _data} on first use.
 * The map of volumes is guarded by this object's monitor; each volume guards its own mounts.
 */
public class LocalVolumeDriver implements VolumeDriver {
    public static final String NAME = "local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalVolumeDriver.class);

    private final Path root;
    private final MountSyscalls syscalls;
    private final MountTable mountTable;
    private final Map<String, LocalVolume> volumes = new TreeMap<>();

    /** Opens the driver on {@code root} ({@code <data-root>/volumes}) with the real mount system calls. */
    public static LocalVolumeDriver open(Path root, LinuxFs fs) throws IOException {
        return new LocalVolumeDriver(root, new LinuxMountSyscalls(fs), new MountTable());
    }

    LocalVolumeDriver(Path root, MountSyscalls syscalls, MountTable mountTable) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.syscalls = syscalls;
        this.mountTable = mountTable;
        createPrivateDirectory(this.root);
        // version 1 is the unversioned layout with the version file added: nothing to rewrite
        FormatVersion.open(FormatVersion.Area.LOCAL_VOLUMES, this.root, FormatVersion.Migration.NONE);
        load();
    }

    /** Finds the volumes of earlier runs and drops their mounts: a volume is mounted again when used again. */
    private void load() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path dir : entries) {
                String name = dir.getFileName().toString();
                if (!VolumeNames.isValid(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                MountOptions options;
                try {
                    options = OptionsFile.read(dir);
                } catch (IOException e) {
                    LOG.error("skipping local volume {}: cannot read its options: {}", name, e.getMessage());
                    continue;
                }
                LocalVolume volume = new LocalVolume(name, dir, options, syscalls, mountTable);
                try {
                    volume.detachLeftover();
                } catch (IOException e) {
                    LOG.warn("cannot unmount the leftover mount of local volume {}: {}", name, e.getMessage());
                }
                volumes.put(name, volume);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scope() {
        return "local";
    }

    /** Creates the volume; an existing one is returned as it is (its options are not changed), as dockerd does. */
    @Override
    public synchronized VolumeInfo create(String name, Map<String, String> options) throws IOException {
        VolumeNames.validate(name, root);
        MountOptions mountOptions = MountOptions.from(options);
        LocalVolume existing = volumes.get(name);
        if (existing != null) {
            return existing.info();
        }
        Path dir = root.resolve(name);
        LocalVolume volume = new LocalVolume(name, dir, mountOptions, syscalls, mountTable);
        try {
            createPrivateDirectory(dir);
            Files.createDirectories(volume.data());
            Files.setPosixFilePermissions(volume.data(), PosixFilePermissions.fromString("rwxr-xr-x"));
            if (mountOptions != null) {
                OptionsFile.write(dir, mountOptions);
            }
        } catch (IOException | RuntimeException e) {
            try {
                DirectoryTrees.delete(dir);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        volumes.put(name, volume);
        return volume.info();
    }

    @Override
    public synchronized void remove(String name) throws IOException {
        LocalVolume volume = require(name);
        volume.delete();
        volumes.remove(name);
    }

    @Override
    public Path mount(String name, String mountId) throws IOException {
        return lookup(name).mount(mountId);
    }

    @Override
    public void unmount(String name, String mountId) throws IOException {
        lookup(name).unmount(mountId);
    }

    @Override
    public VolumeInfo get(String name) {
        return lookup(name).info();
    }

    @Override
    public List<VolumeInfo> list() {
        List<LocalVolume> all;
        synchronized (this) {
            all = new ArrayList<>(volumes.values());
        }
        List<VolumeInfo> infos = new ArrayList<>(all.size());
        for (LocalVolume v : all) {
            try {
                infos.add(v.info());
            } catch (EngineException e) {
                // removed meanwhile
            }
        }
        return infos;
    }

    /** Whether the volume's filesystem is mounted now (for tests and diagnostics). */
    boolean isMounted(String name) {
        return lookup(name).mounted();
    }

    private synchronized LocalVolume lookup(String name) {
        return require(name);
    }

    private LocalVolume require(String name) {
        LocalVolume volume = name == null ? null : volumes.get(name);
        if (volume == null) {
            throw EngineException.notFound("volume not found");
        }
        return volume;
    }

    /** Only root needs to enter the volume directories themselves; containers get {@code _data} bound. */
    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-----x"));
    }
}
