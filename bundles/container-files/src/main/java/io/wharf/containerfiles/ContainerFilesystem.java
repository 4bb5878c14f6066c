package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo.MountPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A container's file tree as its processes see it: the mounted root filesystem with the container's mounts laid
 * over it. Paths are resolved as if the process were chrooted into the container (what dockerd does by entering
 * the container's mount namespace): symbolic links, absolute or relative, are followed, but an absolute target
 * starts again at the container root and {@code ..} stops there. The host paths this class hands out therefore
 * never leave the root filesystem or a mount's source. Only plain names are ever appended to host paths, and
 * every component but an unfollowed last one has been checked not to be a symbolic link.
 */
public final class ContainerFilesystem {
    private static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final List<Mount> mounts;

    /** A mount with its destination split into components and its source made real (bind sources may be links). */
    public record Mount(List<String> destination, Path source, MountPoint point) {
    }

    public ContainerFilesystem(Path rootfs, List<MountPoint> mountPoints) throws IOException {
        this.root = rootfs.toRealPath();
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
        this.mounts = List.copyOf(list);
    }

    public Path root() {
        return root;
    }

    /** The mount that holds the container path (the mount point itself included), or null for the root filesystem. */
    public Mount mountOf(List<String> components) {
        for (Mount m : mounts) {
            if (isPrefix(m.destination(), components)) {
                return m;
            }
        }
        return null;
    }

    /** True when the container path is exactly a mount point. */
    public boolean isMountPoint(List<String> components) {
        for (Mount m : mounts) {
            if (m.destination().equals(components)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The host path of an already resolved container path (one without symbolic links in it, such as
     * {@link #resolve} returns). Only the components are appended, never {@code ..}.
     */
    public Path hostPath(List<String> components) {
        Mount m = mountOf(components);
        Path base = m == null ? root : m.source();
        int skip = m == null ? 0 : m.destination().size();
        Path path = base;
        for (int i = skip; i < components.size(); i++) {
            path = path.resolve(components.get(i));
        }
        return path;
    }

    /**
     * Resolves a container path to the components of the path it names, following symbolic links inside the
     * container. The last component is followed only when {@code followLast}; missing components are kept as
     * they are (like Docker's FollowSymlinkInScope), so the caller finds out by looking at the host path.
     */
    public List<String> resolve(List<String> components, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        List<String> resolved = new ArrayList<>();
        int symlinks = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            resolved.add(part);
            boolean last = pending.isEmpty();
            if ((last && !followLast) || isMountPoint(resolved)) {
                continue;
            }
            Path host = hostPath(resolved);
            BasicFileAttributes attributes = lstatOrNull(host);
            if (attributes == null || !attributes.isSymbolicLink()) {
                continue;
            }
            if (++symlinks > MAX_SYMLINKS) {
                throw new IOException("too many levels of symbolic links in " + ContainerPaths.join(components));
            }
            resolved.remove(resolved.size() - 1);
            String target = Files.readSymbolicLink(host).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            String[] targetParts = target.split("/");
            for (int i = targetParts.length - 1; i >= 0; i--) {
                pending.addFirst(targetParts[i]);
            }
        }
        return resolved;
    }

    /**
     * Resolves a directory, following every symbolic link, and creates what is missing (mode 0755, owned by
     * {@code owner} when given). Throws when a component is not a directory.
     */
    public List<String> directory(List<String> components, Ownership owner) throws IOException {
        List<String> done = new ArrayList<>();
        for (String part : components) {
            List<String> next = new ArrayList<>(done);
            next.add(part);
            List<String> resolved = resolve(next, true);
            // a dangling link may name several missing levels: create them all (MkdirAll)
            for (int i = 1; i <= resolved.size(); i++) {
                Path host = hostPath(resolved.subList(0, i));
                BasicFileAttributes attributes = lstatOrNull(host);
                if (attributes == null) {
                    Files.createDirectory(host);
                    if (owner != null) {
                        owner.apply(host);
                    }
                } else if (!attributes.isDirectory()) {
                    throw new NotADirectoryException(ContainerPaths.join(next));
                }
            }
            done = resolved;
        }
        return resolve(done, true);
    }

    static BasicFileAttributes lstatOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Not a directory")) {
                return null; // ENOTDIR: a file stands where a directory would be, so the path does not exist
            }
            throw e;
        }
    }

    private static boolean isPrefix(List<String> prefix, List<String> path) {
        return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    /** Sets the owner of directories created on the way (docker cp --archive's chown). */
    public interface Ownership {
        void apply(Path created) throws IOException;
    }

    /** A path component that must be a directory is not one. */
    public static final class NotADirectoryException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotADirectoryException(String path) {
            super("not a directory: " + path);
        }
    }
}
