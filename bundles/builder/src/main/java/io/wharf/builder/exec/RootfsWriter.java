package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.archive.Decompression;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.WhiteoutMode;
import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.Statx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes COPY/ADD sources into a step container's mounted root filesystem through directory descriptors only, as
 * docker cp does: every directory is reached with openat2 RESOLVE_IN_ROOT or without following a link, so links
 * an earlier RUN left in the image cannot send a write outside the root.
 */
final class RootfsWriter implements AutoCloseable {
    /** uid/gid for copied files; null keeps root (Docker's default for COPY without --chown). */
    record Owner(int uid, int gid) {
    }

    private final DirectoryHandle root;
    private final Owner owner;
    private final Integer chmod;

    RootfsWriter(Path mountedRootfs, Owner owner, Integer chmod) throws LinuxException {
        this.root = DirectoryHandle.open(mountedRootfs);
        this.owner = owner == null ? new Owner(0, 0) : owner;
        this.chmod = chmod;
    }

    /** Whether {@code absolutePath} is a directory in the root (links followed inside the root). */
    boolean isDirectory(String absolutePath) throws IOException {
        try (DirectoryHandle d = openInRoot(absolutePath)) {
            return true;
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return false;
            }
            throw e;
        }
    }

    /** Opens the directory {@code absolutePath}, making missing ones (0755, owned by the copy's owner). */
    DirectoryHandle directory(String absolutePath) throws IOException {
        List<String> parts = components(absolutePath);
        DirectoryHandle current = openInRoot("/");
        for (int i = 0; i < parts.size(); i++) {
            String prefix = "/" + String.join("/", parts.subList(0, i + 1));
            try {
                DirectoryHandle next = openInRoot(prefix);
                current.close();
                current = next;
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENOENT) {
                    current.close();
                    throw e;
                }
                try (DirectoryHandle parent = current) {
                    parent.makeDirectory(parts.get(i), 0755);
                    parent.changeOwner(parts.get(i), owner.uid(), owner.gid());
                }
                current = openInRoot(prefix);
            }
        }
        return current;
    }

    private DirectoryHandle openInRoot(String path) throws LinuxException {
        String relative = path.replaceFirst("^/+", "");
        DirectoryHandle handle = root.openDirectoryInRoot(relative.isEmpty() ? "." : relative);
        if (handle == null) {
            throw EngineException.notImplemented("this kernel has no openat2, which COPY needs to write safely");
        }
        return handle;
    }

    /** Copies {@code source} (a file, link or directory tree on the host side) as {@code name} in {@code dir}. */
    void copy(Path source, DirectoryHandle dir, String name) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isDirectory()) {
            try (DirectoryHandle child = directoryIn(dir, name)) {
                copyChildren(source, child);
            }
        } else if (attrs.isSymbolicLink()) {
            symbolicLink(dir, name, Files.readSymbolicLink(source).toString());
            return;
        } else if (attrs.isRegularFile()) {
            try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
                file(dir, name, in);
            }
        } else {
            return; // devices, sockets and FIFOs in a context are not copied
        }
        finish(dir, name, mode(source), attrs.lastAccessTime(), attrs.lastModifiedTime());
    }

    /** The directory {@code name} in {@code dir}, made (0755) when missing; a file or link there is replaced. */
    DirectoryHandle directoryIn(DirectoryHandle dir, String name) throws IOException {
        Statx existing = dir.statOrNull(name);
        if (existing != null && !existing.isDirectory()) {
            dir.remove(name, false);
            existing = null;
        }
        if (existing == null) {
            dir.makeDirectory(name, 0755);
        }
        return dir.openDirectory(name);
    }

    /** A symbolic link {@code name} in {@code dir}, owned by the copy's owner. */
    void symbolicLink(DirectoryHandle dir, String name, String target) throws IOException {
        replace(dir, name, dir.statOrNull(name));
        dir.makeSymbolicLink(name, target);
        dir.changeOwner(name, owner.uid(), owner.gid());
    }

    /** A regular file {@code name} in {@code dir} with {@code content}; its metadata comes with {@link #finish}. */
    void file(DirectoryHandle dir, String name, InputStream content) throws IOException {
        replace(dir, name, dir.statOrNull(name));
        try (DirectoryHandle.OpenFile file = dir.createFile(name);
             OutputStream out = Files.newOutputStream(file.procPath(), StandardOpenOption.WRITE)) {
            content.transferTo(out);
        }
    }

    /**
     * The copy's owner, then the mode ({@code --chmod} or the source's, set-id bits included: chown clears them, so
     * it goes first) and, unless null, the times of file or directory {@code name} in {@code dir}.
     */
    void finish(DirectoryHandle dir, String name, int sourceMode, FileTime accessed, FileTime modified)
            throws IOException {
        dir.changeOwner(name, owner.uid(), owner.gid());
        dir.changeMode(name, chmod != null ? chmod : sourceMode);
        if (modified != null) {
            dir.setTimes(name, accessed, modified);
        }
    }

    /**
     * ADD of a local archive: its entries are unpacked into {@code dir} with their own owners and modes, by the
     * archive library's layer applier, which resolves every name inside {@code dir} as Docker's chrootarchive does.
     */
    void extract(Path archive, DirectoryHandle dir, LinuxFs fs) throws IOException {
        try (InputStream raw = Files.newInputStream(archive, LinkOption.NOFOLLOW_LINKS)) {
            new LayerApplier(WhiteoutMode.DELETE, fs).apply(Decompression.decompress(raw), dir.procPath());
        }
    }

    /** The contents of directory {@code source} into {@code dir}. */
    void copyChildren(Path source, DirectoryHandle dir) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(source)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            copy(child, dir, child.getFileName().toString());
        }
    }

    private static void replace(DirectoryHandle dir, String name, Statx existing) throws IOException {
        if (existing == null) {
            return;
        }
        if (existing.isDirectory()) {
            throw EngineException.invalid("cannot replace the directory %s with a file", name);
        }
        dir.remove(name, false);
    }

    /** The permission bits of {@code file} with setuid, setgid and sticky, which PosixFilePermission lacks. */
    static int mode(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static List<String> components(String absolutePath) {
        List<String> parts = new ArrayList<>();
        for (String p : absolutePath.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(p);
        }
        return parts;
    }

    /** Reads a file of the root filesystem (e.g. /etc/passwd) through the same confined resolution. */
    byte[] readFile(String absolutePath) throws IOException {
        List<String> parts = components(absolutePath);
        if (parts.isEmpty()) {
            return null;
        }
        String parent = "/" + String.join("/", parts.subList(0, parts.size() - 1));
        try (DirectoryHandle dir = openInRoot(parent);
             DirectoryHandle.OpenFile file = dir.openFile(parts.get(parts.size() - 1))) {
            return Files.readAllBytes(file.procPath());
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        root.close();
    }
}
