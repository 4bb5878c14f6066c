package io.wharf.containerfiles;

import io.wharf.api.errors.EngineException;
import io.wharf.containerfiles.ContainerFilesystem.Directory;
import io.wharf.containerfiles.ContainerFilesystem.Entry;
import io.wharf.containerfiles.ContainerFilesystem.Mount;
import io.wharf.containerfiles.ContainerFilesystem.NotADirectoryException;
import io.wharf.containerfiles.ContainerFilesystem.Ownership;
import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.Statx;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * One resolution of a container path, component by component, for paths that cross mounts and for kernels
 * without openat2: a stack of open directories, one for each resolved component, so {@code ..} goes back to the
 * directory actually walked through, never to what the disk says its parent is now (CVE-2018-15664). Each child
 * is opened without following a link; links are read and their targets walked in the container's root.
 */
final class ComponentWalk {
    private static final int MAX_SYMLINKS = 40;
    private static final int DIRECTORY_MODE = 0755;

    private final ContainerFilesystem fs;
    private final boolean followLast;
    private final boolean create;
    private final Ownership owner;
    private final Deque<Directory> stack = new ArrayDeque<>();
    private boolean openLast;
    private boolean keepChain;
    private List<String> missingPath;
    private int symlinks;

    /**
     * @param followLast whether a link in the last component is followed
     * @param create     whether missing directories are made (mode 0755, owned by {@code owner} when given)
     */
    ComponentWalk(ContainerFilesystem fs, boolean followLast, boolean create, Ownership owner) {
        this.fs = fs;
        this.followLast = followLast;
        this.create = create;
        this.owner = owner;
    }

    /** Opens the last component too, and keeps every directory open for {@link #chain}. */
    ComponentWalk openingEveryComponent() {
        openLast = true;
        keepChain = true;
        return this;
    }

    /**
     * Resolves {@code components} starting below {@code start} (the root first): the start's directories are
     * borrowed, never closed, and {@code ..} can climb back through them.
     */
    Entry run(List<Directory> start, List<String> components) throws IOException {
        for (Directory d : start) {
            stack.push(fs.borrow(d));
        }
        try {
            Entry entry = resolve(components);
            if (entry != null && !keepChain) {
                stack.pop(); // the entry owns it now
            }
            return entry;
        } finally {
            if (!keepChain) {
                closeChain();
            }
        }
    }

    /** The open directories from the root to where the walk ended. */
    List<Directory> chain() {
        List<Directory> chain = new ArrayList<>(stack);
        Collections.reverse(chain);
        return chain;
    }

    void closeChain() {
        while (!stack.isEmpty()) {
            stack.pop().close();
        }
    }

    /** Where a walk that met a missing directory would have gone, lexically from there. */
    List<String> missingPath() {
        return missingPath;
    }

    private Entry resolve(List<String> components) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            Directory top = stack.peek();
            if (part.equals("..")) {
                if (stack.size() > 1) {
                    stack.pop().close();
                }
                continue;
            }
            boolean last = pending.isEmpty() && !create && !openLast;
            List<String> path = top.child(part);
            Mount mount = fs.mountAt(path);
            if (mount != null) {
                stack.push(fs.openMount(mount));
                continue;
            }
            if (last && !followLast) {
                return new Entry(top, part, path);
            }
            Statx stat = top.handle().statOrNull(part);
            if (stat == null) {
                if (last) {
                    return new Entry(top, part, path);
                }
                if (!create) {
                    return missing(path, pending);
                }
                makeDirectory(top, part);
                pending.addFirst(part);
            } else if (stat.isSymlink()) {
                countLink(components);
                String target = readLinkOrNull(top, part);
                if (target == null) { // no longer a link: look again
                    pending.addFirst(part);
                    continue;
                }
                if (target.startsWith("/")) {
                    while (stack.size() > 1) {
                        stack.pop().close();
                    }
                }
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    pending.addFirst(targetParts[i]);
                }
            } else if (stat.isDirectory()) {
                if (last) {
                    return new Entry(top, part, path);
                }
                Directory child = top.openChild(part);
                if (child == null) { // swapped for a link or a file since the stat: look again
                    countLink(components);
                    pending.addFirst(part);
                } else {
                    stack.push(child);
                }
            } else if (last || openLast && pending.isEmpty()) {
                return new Entry(top, part, path);
            } else if (create) {
                throw new NotADirectoryException(ContainerPaths.join(path));
            } else {
                return missing(path, pending);
            }
        }
        return new Entry(stack.peek(), null, stack.peek().components());
    }

    private Entry missing(List<String> path, Deque<String> pending) {
        missingPath = new ArrayList<>(path);
        missingPath.addAll(ContainerPaths.clean("/" + String.join("/", pending)));
        return null;
    }

    private static String readLinkOrNull(Directory dir, String name) throws IOException {
        try {
            return dir.handle().readLink(name);
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
                return null; // swapped for something else, or gone, since the stat
            }
            throw e;
        }
    }

    private void makeDirectory(Directory parent, String name) throws IOException {
        try {
            parent.handle().makeDirectory(name, DIRECTORY_MODE);
        } catch (LinuxException e) {
            if (e.errno() == Errno.EEXIST) {
                return; // made meanwhile: the next look decides what it is
            }
            throw e;
        }
        if (owner != null) {
            owner.apply(parent, name);
        }
    }

    /** Links followed, and directories seen swapped: a container that keeps swapping makes the copy fail. */
    private void countLink(List<String> components) {
        if (++symlinks > MAX_SYMLINKS) {
            throw EngineException.invalid("too many levels of symbolic links in %s", ContainerPaths.join(components));
        }
    }
}
