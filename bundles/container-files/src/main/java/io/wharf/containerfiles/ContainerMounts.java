package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo.MountPoint;
import io.wharf.containerfiles.ContainerFilesystem.Mount;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mounts laid over a container's root filesystem, looked up by container path the way the kernel shows them:
 * the innermost mount that holds a path wins.
 */
final class ContainerMounts {
    private final List<Mount> mounts;

    private ContainerMounts(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /**
     * The mounts of {@code mountPoints} that show something: those without a destination or host path, or whose
     * source is gone, are left out. Sources are made real (a bind source may be a link).
     */
    static ContainerMounts of(List<MountPoint> mountPoints) throws IOException {
        List<Mount> list = new ArrayList<>();
        if (mountPoints != null) {
            for (MountPoint m : mountPoints) {
                if (m.destination() == null || m.hostPath() == null || m.hostPath().isEmpty()) {
                    continue;
                }
                Path source = Path.of(m.hostPath());
                try {
                    source = source.toRealPath();
                } catch (NoSuchFileException e) {
                    continue; // a source that is gone shows nothing, as an unmountable mount would
                }
                list.add(new Mount(ContainerPaths.clean(m.destination()), source, m));
            }
        }
        // deepest first, so the innermost mount wins, as the later (nested) mount does in the kernel
        list.sort(Comparator.comparingInt((Mount m) -> m.destination().size()).reversed());
        return new ContainerMounts(list);
    }

    boolean isEmpty() {
        return mounts.isEmpty();
    }

    /** The mount that holds the container path (the mount point itself included), or null for the root filesystem. */
    Mount holding(List<String> components) {
        for (Mount m : mounts) {
            if (isPrefix(m.destination(), components)) {
                return m;
            }
        }
        return null;
    }

    /** The mount whose mount point is exactly the container path, or null. */
    Mount at(List<String> components) {
        for (Mount m : mounts) {
            if (m.destination().equals(components)) {
                return m;
            }
        }
        return null;
    }

    private static boolean isPrefix(List<String> prefix, List<String> path) {
        return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
