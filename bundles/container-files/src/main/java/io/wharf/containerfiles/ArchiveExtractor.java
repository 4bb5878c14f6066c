package io.wharf.containerfiles;

import io.wharf.archive.CappedTarInputStream;
import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.Statx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Extracts a docker cp tar into a directory of a container, as Docker's archive.Untar does inside the container's
 * mount namespace. Entry names are taken literally: {@code .wh.*} names are ordinary files here, not whiteouts.
 * Hostile input stays inside the container: names that climb above the destination and relative symbolic links
 * that point above it are rejected (as Docker does); every parent directory is resolved inside the container's
 * root and held open by descriptor (see {@link ContainerFilesystem}), and every entry is made and changed by name
 * relative to that descriptor without following a link, so neither the tar nor a running container can lead a
 * write to the host. Hard links may not cross mounts, and read-only mounts and root filesystems refuse writes.
 */
public final class ArchiveExtractor {
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    private static final int OPEN_PARENTS = 16;

    /** What docker cp asks for: keep a directory from being replaced by a file and back, and an owner for all. */
    public record Options(boolean noOverwriteDirNonDir, Owner owner) {
    }

    /** The uid and gid every extracted file gets (docker cp --archive with a container user). */
    public record Owner(int uid, int gid) {
    }

    private final ContainerFilesystem fs;
    private final ContainerFilesystem.Anchor destination;
    private final Options options;
    private final List<DirTimes> dirTimes = new ArrayList<>();
    /** Parent directories of recent entries, by their name in the tar: most entries share their parent. */
    private final Map<List<String>, ContainerFilesystem.Directory> openParents =
            new LinkedHashMap<>(OPEN_PARENTS * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<String>, ContainerFilesystem.Directory> eldest) {
                    if (size() > OPEN_PARENTS) {
                        eldest.getValue().close();
                        return true;
                    }
                    return false;
                }
            };

    /** A directory's times, set at the end; {@code relative} is its name in the tar. */
    private record DirTimes(List<String> relative, FileTime accessed, FileTime modified) {
    }

    private ArchiveExtractor(ContainerFilesystem fs, ContainerFilesystem.Anchor destination, Options options) {
        this.fs = fs;
        this.destination = destination;
        this.options = options;
    }

    /**
     * Extracts the uncompressed {@code tar} into the open directory {@code destination}: every name in the tar is
     * resolved from there. Malformed or hostile input throws {@link InvalidArchiveException}, a write to a
     * read-only place {@link ReadOnlyException}.
     */
    public static void extract(ContainerFilesystem fs, ContainerFilesystem.Anchor destination, InputStream tar,
                               Options options) throws IOException {
        ArchiveExtractor extractor = new ArchiveExtractor(fs, destination, options);
        try {
            extractor.run(tar);
        } finally {
            extractor.closeParents();
        }
    }

    private void run(InputStream in) throws IOException {
        // names, links and PAX headers are capped: a client's small tar must not expand into the daemon's heap
        TarArchiveInputStream entries = new CappedTarInputStream(in);
        TarArchiveEntry entry;
        while ((entry = nextEntry(entries)) != null) {
            extract(entry, entries);
        }
        closeParents();
        for (int i = dirTimes.size() - 1; i >= 0; i--) { // after the contents, whose creation resets them
            DirTimes t = dirTimes.get(i);
            try (ContainerFilesystem.Entry dir = fs.locate(destination, t.relative(), false)) {
                if (dir == null) {
                    continue; // a later entry replaced it
                }
                if (dir.name() == null) {
                    dir.parent().handle().setTimes(t.accessed(), t.modified());
                } else if (dir.statOrNull() != null) {
                    dir.parent().handle().setTimes(dir.name(), t.accessed(), t.modified());
                }
            }
        }
    }

    /** Failing to read the client's tar is the client's fault; failing to write the container's files is not. */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream entries) throws InvalidArchiveException {
        try {
            return entries.getNextEntry();
        } catch (IOException | IllegalArgumentException e) { // commons-compress reports some bad headers this way
            throw new InvalidArchiveException("corrupt tar: " + e.getMessage());
        }
    }

    private static void copy(InputStream content, OutputStream out) throws IOException {
        byte[] buffer = new byte[65536];
        while (true) {
            int n;
            try {
                n = content.read(buffer);
            } catch (IOException e) {
                throw new InvalidArchiveException("corrupt tar: " + e.getMessage());
            }
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
        }
    }

    private void extract(TarArchiveEntry entry, InputStream content) throws IOException {
        if (entry.isGlobalPaxHeader() || entry.getLinkFlag() == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER) {
            return;
        }
        List<String> relative = relativeComponents(entry.getName());
        if (relative.isEmpty()) {
            extractOntoDestination(entry);
            return;
        }
        List<String> parentRelative = relative.subList(0, relative.size() - 1);
        String name = relative.get(relative.size() - 1);
        ContainerFilesystem.Directory parent = parent(parentRelative);
        checkWritable(parent);
        DirectoryHandle dir = parent.handle();
        if (!prepare(entry, parent, name, relative)) {
            applyMetadata(dir, name, entry, false);
            return;
        }
        boolean symlink = false;
        if (entry.isLink()) {
            linkTo(entry, parent, name);
            return; // the link shares the target's inode and therefore its metadata
        } else if (entry.isDirectory()) {
            dir.makeDirectory(name, 0700); // the entry's mode follows, after its owner
        } else if (entry.isSymbolicLink()) {
            checkSymlinkTarget(entry, parentRelative);
            dir.makeSymbolicLink(name, entry.getLinkName());
            symlink = true;
        } else if (entry.isCharacterDevice()) {
            dir.makeNode(name, LinuxFs.S_IFCHR | (entry.getMode() & LinuxFs.PERMISSION_BITS),
                    LinuxFs.makedev(entry.getDevMajor(), entry.getDevMinor()));
        } else if (entry.isBlockDevice()) {
            dir.makeNode(name, LinuxFs.S_IFBLK | (entry.getMode() & LinuxFs.PERMISSION_BITS),
                    LinuxFs.makedev(entry.getDevMajor(), entry.getDevMinor()));
        } else if (entry.isFIFO()) {
            dir.makeNode(name, LinuxFs.S_IFIFO | (entry.getMode() & LinuxFs.PERMISSION_BITS), 0);
        } else if (isRegularFile(entry)) {
            try (DirectoryHandle.OpenFile file = dir.createFile(name);
                 OutputStream out = Files.newOutputStream(file.procPath(), StandardOpenOption.WRITE)) {
                copy(content, out);
            }
        } else {
            throw new InvalidArchiveException("unhandled tar header type " + (char) entry.getLinkFlag()
                    + " for \"" + entry.getName() + "\"");
        }
        applyMetadata(dir, name, entry, symlink);
    }

    /** The open parent directory of an entry, made (MkdirAll) where the tar implies it. */
    private ContainerFilesystem.Directory parent(List<String> parentRelative) throws IOException {
        ContainerFilesystem.Directory open = openParents.get(parentRelative);
        if (open == null) {
            open = fs.directory(destination, parentRelative, this::ownImpliedDirectory);
            openParents.put(List.copyOf(parentRelative), open);
        }
        return open;
    }

    private void closeParents() {
        openParents.values().forEach(ContainerFilesystem.Directory::close);
        openParents.clear();
    }

    /** Where an entry replaced something, parents opened below it are stale. */
    private void forgetParentsBelow(List<String> replaced) {
        openParents.entrySet().removeIf(e -> {
            boolean below = e.getKey().size() >= replaced.size()
                    && e.getKey().subList(0, replaced.size()).equals(replaced);
            if (below) {
                e.getValue().close();
            }
            return below;
        });
    }

    private static void checkWritable(ContainerFilesystem.Directory dir) throws ReadOnlyException {
        if (dir.readOnly()) {
            throw new ReadOnlyException(dir.mount() != null ? "mounted volume is marked read-only"
                    : "container rootfs is marked read-only");
        }
    }

    /** Cleans a name relative to the destination; one that climbs above it is hostile. */
    private static List<String> relativeComponents(String name) throws InvalidArchiveException {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new InvalidArchiveException("\"" + name + "\" is outside of the extraction directory");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return parts;
    }

    /** An entry for "." sets the destination directory's own metadata, as Docker's Untar does. */
    private void extractOntoDestination(TarArchiveEntry entry) throws IOException {
        if (!entry.isDirectory()) {
            throw new InvalidArchiveException("cannot replace the extraction directory with \"" + entry.getName()
                    + "\"");
        }
        ContainerFilesystem.Directory dir = parent(List.of());
        checkWritable(dir);
        DirectoryHandle handle = dir.handle();
        Owner owner = options.owner();
        handle.changeOwner(owner != null ? owner.uid() : (int) entry.getLongUserId(),
                owner != null ? owner.gid() : (int) entry.getLongGroupId());
        handle.changeMode(entry.getMode() & LinuxFs.PERMISSION_BITS);
        FileTime modified = entry.getLastModifiedTime();
        dirTimes.add(new DirTimes(List.of(),
                entry.getLastAccessTime() != null ? entry.getLastAccessTime() : modified, modified));
    }

    /**
     * Clears the way for a new entry. Returns false when an existing directory stays (a directory entry over a
     * directory merges), true when the entry must be created.
     */
    private boolean prepare(TarArchiveEntry entry, ContainerFilesystem.Directory parent, String name,
                            List<String> relative) throws IOException {
        ContainerFilesystem.Directory mount = parent.openChildIfMountPoint(name);
        if (mount != null) {
            mount.close();
            if (entry.isDirectory()) {
                return false; // merges into the mount, as a directory over a directory does
            }
            throw new InvalidArchiveException("cannot replace mount point " + ContainerPaths.join(parent.child(name)));
        }
        Statx existing = parent.handle().statOrNull(name);
        if (existing == null) {
            return true;
        }
        boolean entryIsDir = entry.isDirectory();
        if (options.noOverwriteDirNonDir()) {
            if (existing.isDirectory() && !entryIsDir) {
                throw new InvalidArchiveException(String.format("cannot overwrite directory \"%s\" with non-directory \"%s\"",
                        ContainerPaths.join(parent.child(name)), entry.getName()));
            }
            if (!existing.isDirectory() && entryIsDir) {
                throw new InvalidArchiveException(String.format("cannot overwrite non-directory \"%s\" with directory \"%s\"",
                        ContainerPaths.join(parent.child(name)), entry.getName()));
            }
        }
        if (existing.isDirectory() && entryIsDir) {
            return false;
        }
        forgetParentsBelow(relative);
        parent.handle().removeTree(name);
        return true;
    }

    /**
     * Hard links must point at something already inside the destination (Docker's breakout check), and on the
     * same mount: a link from a writable place to a file of a read-only bind mount would make the host's file
     * writable.
     */
    private void linkTo(TarArchiveEntry entry, ContainerFilesystem.Directory parent, String name) throws IOException {
        List<String> relative = relativeComponents(entry.getLinkName());
        if (relative.isEmpty()) {
            throw new InvalidArchiveException("invalid hardlink \"" + entry.getName() + "\" -> \""
                    + entry.getLinkName() + "\"");
        }
        try (ContainerFilesystem.Entry target = fs.locate(destination, relative, false)) {
            Statx stat = target == null ? null : target.statOrNull();
            if (stat == null || stat.isDirectory() || target.name() == null) {
                throw new InvalidArchiveException("hard link \"" + entry.getName() + "\" points to \""
                        + entry.getLinkName() + "\", which is " + (stat == null ? "missing" : "a directory"));
            }
            if (!sameMount(target.parent().mount(), parent.mount())) {
                throw new InvalidArchiveException("invalid hardlink \"" + entry.getName() + "\" -> \""
                        + entry.getLinkName() + "\": a hard link cannot cross a mount point");
            }
            parent.handle().makeHardLink(name, target.parent().handle(), target.name());
        }
    }

    private static boolean sameMount(ContainerFilesystem.Mount a, ContainerFilesystem.Mount b) {
        return a == null ? b == null : b != null && a.destination().equals(b.destination());
    }

    /** Docker refuses relative symbolic links that point above the extraction directory. */
    private static void checkSymlinkTarget(TarArchiveEntry entry, List<String> parentRelative)
            throws InvalidArchiveException {
        String target = entry.getLinkName();
        if (target.startsWith("/")) {
            return; // absolute targets resolve inside the container at use: Docker joins them below the destination
        }
        List<String> parts = new ArrayList<>(parentRelative);
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new InvalidArchiveException("invalid symlink \"" + entry.getName() + "\" -> \"" + target
                            + "\"");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                || flag == TarConstants.LF_CONTIG || flag == TarConstants.LF_GNUTYPE_SPARSE;
    }

    /** chown before chmod: chown clears setuid/setgid bits. Symbolic links have no mode of their own. */
    private void applyMetadata(DirectoryHandle dir, String name, TarArchiveEntry entry, boolean symlink)
            throws IOException {
        Owner owner = options.owner();
        int uid = owner != null ? owner.uid() : (int) entry.getLongUserId();
        int gid = owner != null ? owner.gid() : (int) entry.getLongGroupId();
        dir.changeOwner(name, uid, gid);
        if (!symlink) {
            dir.changeMode(name, entry.getMode() & LinuxFs.PERMISSION_BITS);
        }
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            if (key.startsWith(XATTR_PAX_PREFIX) && !key.startsWith(XATTR_PAX_PREFIX + "trusted.overlay.")) {
                setXattrBestEffort(dir, name, key.substring(XATTR_PAX_PREFIX.length()),
                        header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        FileTime modified = entry.getLastModifiedTime();
        FileTime accessed = entry.getLastAccessTime() != null ? entry.getLastAccessTime() : modified;
        if (entry.isDirectory()) {
            dirTimes.add(new DirTimes(relativeComponents(entry.getName()), accessed, modified));
        } else {
            dir.setTimes(name, accessed, modified);
        }
    }

    /** Like Docker, an xattr the filesystem refuses is not worth failing the copy for. */
    private static void setXattrBestEffort(DirectoryHandle dir, String name, String attribute, byte[] value)
            throws IOException {
        try {
            dir.setXattr(name, attribute, value);
        } catch (LinuxException e) {
            int errno = e.errno();
            if (errno != Errno.EOPNOTSUPP && errno != Errno.EPERM && errno != Errno.EINVAL) {
                throw e;
            }
        }
    }

    private void ownImpliedDirectory(ContainerFilesystem.Directory parent, String created) throws IOException {
        Owner owner = options.owner();
        if (owner != null) {
            parent.handle().changeOwner(created, owner.uid(), owner.gid());
        }
    }

    /** The tar is malformed or tries to write outside the destination: the client's fault. */
    public static final class InvalidArchiveException extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidArchiveException(String message) {
            super(message);
        }
    }

    /** The tar would write to a read-only mount or a read-only root filesystem. */
    public static final class ReadOnlyException extends IOException {
        private static final long serialVersionUID = 1L;

        public ReadOnlyException(String message) {
            super(message);
        }
    }
}
