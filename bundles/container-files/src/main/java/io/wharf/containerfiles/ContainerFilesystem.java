package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo.MountPoint;
import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.Statx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's file tree as its processes see it: the mounted root filesystem with the container's mounts laid
 * over it. Paths are resolved as if the process were chrooted into the container (what dockerd does by entering
 * the container's mount namespace): symbolic links, absolute or relative, are followed, but an absolute target
 * starts again at the container root and {@code ..} stops there.
 * <p>
 * The container may be running and may swap any directory for a symbolic link at any moment (CVE-2018-15664), so
 * no host path of the container's files is ever handed out: resolution opens one directory descriptor after the
 * other, each child opened without following a link, and the caller works on names relative to the last one.
 * Where the container has no mounts the kernel resolves a whole path at once (openat2 with RESOLVE_IN_ROOT); the
 * component walk serves the rest, and kernels without openat2.
 */
public final class ContainerFilesystem implements AutoCloseable {
    private final DirectoryHandle root;
    private final boolean readonlyRootfs;
    private final ContainerMounts mounts;

    /** A mount with its destination split into components and its source made real (bind sources may be links). */
    public record Mount(List<String> destination, Path source, MountPoint point) {
    }

    /**
     * An open directory of the container: its descriptor, its resolved path in the container, and the mount that
     * holds it (null for the root filesystem). Closing it closes the descriptor, except the shared root's.
     */
    public final class Directory implements AutoCloseable {
        private final DirectoryHandle handle;
        private final List<String> components;
        private final Mount mount;
        private final boolean owned;

        private Directory(DirectoryHandle handle, List<String> components, Mount mount, boolean owned) {
            this.handle = handle;
            this.components = List.copyOf(components);
            this.mount = mount;
            this.owned = owned;
        }

        public DirectoryHandle handle() {
            return handle;
        }

        public List<String> components() {
            return components;
        }

        /** The mount that holds this directory, or null for the container's root filesystem. */
        public Mount mount() {
            return mount;
        }

        /** Writes here are refused: a {@code :ro} mount, or the root filesystem of a {@code --read-only} container. */
        public boolean readOnly() {
            return mount == null ? readonlyRootfs : mount.point().readOnly();
        }

        /** The resolved container path of the child {@code name}. */
        public List<String> child(String name) {
            List<String> path = new ArrayList<>(components);
            path.add(name);
            return path;
        }

        /** The mount whose mount point is the child {@code name}, opened; null where there is none. */
        public Directory openChildIfMountPoint(String name) throws IOException {
            Mount m = mountAt(child(name));
            return m == null ? null : openMount(m);
        }

        /** The child directory {@code name}, a mount point showing the mount; null where it is not a directory. */
        public Directory openChild(String name) throws IOException {
            List<String> path = child(name);
            Mount m = mountAt(path);
            if (m != null) {
                return openMount(m);
            }
            try {
                return new Directory(handle.openDirectory(name), path, mount, true);
            } catch (LinuxException e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                    return null;
                }
                throw e;
            }
        }

        @Override
        public void close() {
            if (owned) {
                handle.close();
            }
        }
    }

    /**
     * A resolved entry: the open directory that holds it and its name there, or, where {@code name} is null, the
     * directory itself (the root, or a mount point, which always shows the mount). Closing closes the directory.
     */
    public record Entry(Directory parent, String name, List<String> components) implements AutoCloseable {
        /** Its lstat, or null when it does not exist. */
        public Statx statOrNull() throws IOException {
            return name == null ? parent.handle().stat() : parent.handle().statOrNull(name);
        }

        /** The entry as a directory, or null where it is none. */
        public Directory openDirectory() throws IOException {
            return name == null ? null : parent.openChild(name);
        }

        @Override
        public void close() {
            parent.close();
        }
    }

    public ContainerFilesystem(Path rootfs, List<MountPoint> mountPoints, boolean readonlyRootfs) throws IOException {
        this.mounts = ContainerMounts.of(mountPoints);
        this.readonlyRootfs = readonlyRootfs;
        this.root = DirectoryHandle.open(rootfs.toRealPath());
    }

    /** The mount that holds the container path (the mount point itself included), or null for the root filesystem. */
    public Mount mountOf(List<String> components) {
        return mounts.holding(components);
    }

    /** True when the container path is exactly a mount point. */
    public boolean isMountPoint(List<String> components) {
        return mountAt(components) != null;
    }

    Mount mountAt(List<String> components) {
        return mounts.at(components);
    }

    /** The mount's source, opened: a mount point always shows the mount. */
    Directory openMount(Mount m) throws IOException {
        return new Directory(DirectoryHandle.open(m.source()), m.destination(), m, true);
    }

    /**
     * Resolves a container path to the entry it names, following symbolic links inside the container. The last
     * component is followed only when {@code followLast}. Returns null when a directory on the way is missing
     * (or is no directory); a missing last component is returned as an entry whose stat is null.
     */
    public Entry locate(List<String> components, boolean followLast) throws IOException {
        if (components.isEmpty()) {
            return new Entry(rootDirectory(), null, List.of());
        }
        if (mounts.isEmpty()) {
            Entry fast = locateInRoot(components, followLast);
            if (fast != null) {
                return fast;
            }
        }
        return walk(components, followLast, false);
    }

    /** The kernel resolves the parent; a last link to follow is left to the walk. */
    private Entry locateInRoot(List<String> components, boolean followLast) throws IOException {
        List<String> parentPath = components.subList(0, components.size() - 1);
        String name = components.get(components.size() - 1);
        if (name.equals("..") || name.equals(".")) {
            return null;
        }
        Directory parent = directoryInRoot(parentPath);
        if (parent == null) {
            return null;
        }
        if (followLast) {
            Statx stat = parent.handle().statOrNull(name);
            if (stat != null && stat.isSymlink()) {
                parent.close();
                return null;
            }
        }
        return new Entry(parent, name, parent.child(name));
    }

    /** The directory the kernel finds at {@code path} below the root, or null to fall back on the walk. */
    private Directory directoryInRoot(List<String> path) throws IOException {
        if (path.isEmpty()) {
            return rootDirectory();
        }
        DirectoryHandle handle;
        try {
            handle = root.openDirectoryInRoot(String.join("/", path));
        } catch (LinuxException e) {
            return null; // missing (the walk tells apart what), or a rename raced the lookup (EAGAIN, EXDEV)
        }
        if (handle == null) {
            return null;
        }
        // the components the kernel went through are not known: only the walk tracks them, so use it for paths
        // that must be reported (a link's target); here the requested path stands for the directory
        return new Directory(handle, path, null, true);
    }

    /**
     * Opens the directory {@code components} names (every link followed) together with every directory on the way
     * from the root, so that names below it resolve as the kernel would from there, {@code ..} included, however
     * the container renames things meanwhile. Null when it is missing; throws when it is no directory.
     */
    public Anchor anchor(List<String> components) throws IOException {
        ComponentWalk walk = new ComponentWalk(this, true, false, null).openingEveryComponent();
        Entry entry = walk.run(List.of(rootDirectory()), components);
        if (entry == null) {
            return null;
        }
        if (entry.name() != null) { // the walk stops before a last component that is no directory
            entry.close();
            walk.closeChain();
            throw new NotADirectoryException(ContainerPaths.join(entry.components()));
        }
        return new Anchor(walk.chain());
    }

    /** The anchor of the root directory. */
    public Anchor rootAnchor() {
        return new Anchor(List.of(rootDirectory()));
    }

    /** Like {@link #locate(List, boolean)}, for a path relative to {@code from}. */
    public Entry locate(Anchor from, List<String> relative, boolean followLast) throws IOException {
        return new ComponentWalk(this, followLast, false, null).run(from.chain, relative);
    }

    /**
     * Resolves a directory relative to {@code from}, following every symbolic link, creates what is missing (mode
     * 0755, owned by {@code owner} when given) and opens it. Throws when a component is not a directory.
     */
    public Directory directory(Anchor from, List<String> relative, Ownership owner) throws IOException {
        if (mounts.isEmpty() && !relative.isEmpty() && !relative.contains("..")) {
            // the common case, a path without links: one openat2 that may not leave the anchor or meet a link
            try {
                DirectoryHandle handle = from.directory().handle().openDirectoryBeneath(String.join("/", relative));
                if (handle != null) {
                    return new Directory(handle, concat(from.components(), relative), null, true);
                }
            } catch (LinuxException e) {
                // a link, something missing, or a raced rename: the walk sorts it out
            }
        }
        return new ComponentWalk(this, true, true, owner).run(from.chain, relative).parent();
    }

    /** The components of the path {@code components} names with every link followed (a link's target, for stat). */
    public List<String> resolve(List<String> components) throws IOException {
        ComponentWalk walk = new ComponentWalk(this, true, false, null);
        try (Entry entry = walk.run(List.of(rootDirectory()), components)) {
            // missing directories are kept as they are, like Docker's FollowSymlinkInScope
            return entry != null ? entry.components() : walk.missingPath();
        }
    }

    private Entry walk(List<String> components, boolean followLast, boolean create) throws IOException {
        return new ComponentWalk(this, followLast, create, null).run(List.of(rootDirectory()), components);
    }

    private Directory rootDirectory() {
        return new Directory(root, List.of(), null, false);
    }

    /** The same directory, borrowed: closing the copy leaves the descriptor open. */
    Directory borrow(Directory d) {
        return new Directory(d.handle(), d.components(), d.mount(), false);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> result = new ArrayList<>(a);
        result.addAll(b);
        return result;
    }

    /**
     * A directory of the container held open with the directories on the way to it (see {@link #anchor}); closing
     * it closes them all.
     */
    public final class Anchor implements AutoCloseable {
        private final List<Directory> chain;

        private Anchor(List<Directory> chain) {
            this.chain = List.copyOf(chain);
        }

        public Directory directory() {
            return chain.get(chain.size() - 1);
        }

        public List<String> components() {
            return directory().components();
        }

        @Override
        public void close() {
            chain.forEach(Directory::close);
        }
    }

    @Override
    public void close() {
        root.close();
    }

    /** Sets the owner of directories created on the way (docker cp --archive's chown). */
    public interface Ownership {
        void apply(Directory parent, String created) throws IOException;
    }

    /** A path component that must be a directory is not one. */
    public static final class NotADirectoryException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotADirectoryException(String path) {
            super("not a directory: " + path);
        }
    }
}
