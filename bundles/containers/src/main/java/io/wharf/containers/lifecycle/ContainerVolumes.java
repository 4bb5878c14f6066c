package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.volume.Volume;
import io.wharf.api.volume.VolumeService;
import io.wharf.archive.DirectoryTrees;
import io.wharf.containers.create.MountResolver;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container side of volumes: named, anonymous and image (VOLUME) volumes and --volumes-from at create,
 * mounting them (with the copy of the image's content into a new volume) at start, unmounting at stop, and
 * removing a container's anonymous volumes (docker rm -v, --rm).
 */
public final class ContainerVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerVolumes.class);
    private final Supplier<VolumeService> service;
    private final ContainerIndex index;
    private final LinuxFs fs;

    public ContainerVolumes(Supplier<VolumeService> service, ContainerIndex index, LinuxFs fs) {
        this.service = service;
        this.index = index;
        this.fs = fs;
    }

    private VolumeService service() {
        VolumeService s = service.get();
        if (s == null) {
            throw EngineException.unavailable("volumes are not available: the volumes bundle is not running");
        }
        return s;
    }

    /**
     * Completes the mount points of a new container: adds --volumes-from and the image's volumes not covered
     * by the user's mounts, and creates the volumes. Returns the names of the anonymous volumes it created.
     */
    public List<String> resolveAtCreate(List<MountPointRecord> mounts, ContainerRecord record, HostConfig hc) {
        Set<String> taken = new HashSet<>();
        mounts.forEach(m -> taken.add(m.destination));
        if (hc.tmpfs != null) {
            taken.addAll(MountResolver.tmpfsOptions(hc).keySet());
        }
        if (hc.volumesFrom != null) {
            for (String spec : hc.volumesFrom) {
                addVolumesFrom(mounts, taken, spec);
            }
        }
        if (record.config.volumes != null) {
            for (String path : record.config.volumes.keySet()) {
                String dest = MountResolver.cleanPathForVolumes(path);
                if (taken.add(dest)) {
                    MountPointRecord m = new MountPointRecord("volume", "", dest, true, "", "",
                            List.of("rbind", "rprivate"));
                    m.name = "";
                    m.copyData = true;
                    mounts.add(m);
                }
            }
        }
        List<String> created = new ArrayList<>();
        try {
            for (MountPointRecord m : mounts) {
                if (!m.type.equals("volume") || !m.source.isEmpty()) {
                    continue;
                }
                // no driver named: a volume of that name in any driver is the one meant (a plugin's, say), and a
                // new one is local, as dockerd decides; naming "local" here would refuse another driver's volume
                String driver = m.driver == null || m.driver.isEmpty()
                        ? (hc.volumeDriver == null || hc.volumeDriver.isEmpty() ? null : hc.volumeDriver)
                        : m.driver;
                boolean anonymous = m.name == null || m.name.isEmpty();
                Volume v = service().create(anonymous ? null : m.name, driver, m.volumeOptions, m.volumeLabels);
                if (anonymous) {
                    created.add(v.name());
                }
                m.volumeCreated(v.name(), v.driver(), v.mountpoint());
            }
        } catch (IOException | RuntimeException e) {
            removeQuietly(created);
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw EngineException.system("cannot create volume: " + e.getMessage(), e);
        }
        return created;
    }

    private void addVolumesFrom(List<MountPointRecord> mounts, Set<String> taken, String spec) {
        String ref = spec;
        String mode = "";
        int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            ref = spec.substring(0, colon);
            mode = spec.substring(colon + 1);
            if (!mode.equals("ro") && !mode.equals("rw") && !mode.equals("z") && !mode.equals("Z")) {
                throw EngineException.invalid("invalid mode for volumes-from: %s", mode);
            }
        }
        Container other = index.get(ref);
        List<MountPointRecord> theirs;
        synchronized (other) {
            theirs = new ArrayList<>(other.record().mountPoints);
        }
        for (MountPointRecord m : theirs) {
            if (m.type.equals("tmpfs") || !taken.add(m.destination)) {
                continue;
            }
            boolean rw = mode.equals("ro") ? false : mode.equals("rw") || m.rw;
            List<String> options = new ArrayList<>(m.options);
            options.remove("ro");
            if (!rw) {
                options.add("ro");
            }
            MountPointRecord copy = new MountPointRecord(m.type, m.source, m.destination, rw, m.mode,
                    m.propagation, options);
            copy.name = m.name;
            copy.driver = m.driver;
            copy.copyData = false;
            mounts.add(copy);
        }
    }

    /** Mounts the container's volumes (start) and fills new ones with the image's content. */
    public void mountAll(Container c, Path rootfs) throws IOException {
        List<MountPointRecord> volumes = volumeMounts(c);
        List<MountPointRecord> mounted = new ArrayList<>();
        try {
            for (MountPointRecord m : volumes) {
                Path path = service().mount(m.name, c.id());
                mounted.add(m);
                synchronized (c) {
                    m.mountedAt(path.toString());
                }
                if (m.copyData) {
                    copyImageContent(rootfs, m.destination, path);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (MountPointRecord m : mounted) {
                unmountQuietly(m.name, c.id());
            }
            throw e;
        }
    }

    public void unmountAll(Container c) {
        for (MountPointRecord m : volumeMounts(c)) {
            unmountQuietly(m.name, c.id());
        }
    }

    /** Removes the container's anonymous volumes (after the container is gone); volumes in use stay. */
    public void removeAnonymous(ContainerRecord record) {
        List<String> names = new ArrayList<>();
        VolumeService s = service.get();
        if (s == null) {
            return;
        }
        for (MountPointRecord m : record.mountPoints) {
            if (m.type.equals("volume") && m.name != null && !m.name.isEmpty()) {
                try {
                    if (s.get(m.name).anonymous()) {
                        names.add(m.name);
                    }
                } catch (EngineException e) {
                    // already gone
                }
            }
        }
        removeQuietly(names);
    }

    private void removeQuietly(List<String> names) {
        VolumeService s = service.get();
        if (s == null) {
            return;
        }
        for (String name : names) {
            try {
                s.remove(name, false);
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.CONFLICT && e.kind() != ErrorKind.NOT_FOUND) {
                    LOG.warn("cannot remove volume {}: {}", name, e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot remove volume {}: {}", name, e.toString());
            }
        }
    }

    private void unmountQuietly(String name, String containerId) {
        VolumeService s = service.get();
        if (s == null) {
            return;
        }
        try {
            s.unmount(name, containerId);
        } catch (IOException | RuntimeException e) {
            LOG.debug("unmount of volume {} for {} failed: {}", name, containerId, e.toString());
        }
    }

    private static List<MountPointRecord> volumeMounts(Container c) {
        synchronized (c) {
            return c.record().mountPoints.stream().filter(m -> m.type.equals("volume")).toList();
        }
    }

    /**
     * Docker copies what the image has at a volume's destination into the volume when the volume is empty.
     * The destination is resolved inside the root filesystem only: a symbolic link that leads out is skipped.
     */
    void copyImageContent(Path rootfs, String destination, Path volume) throws IOException {
        Path inImage = rootfs.resolve(destination.substring(1));
        if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS) || !isEmpty(volume)) {
            return;
        }
        Path real = inImage.toRealPath();
        if (!real.startsWith(rootfs.toRealPath()) || isEmpty(real)) {
            return;
        }
        DirectoryTrees.copy(fs, real, volume);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

}
