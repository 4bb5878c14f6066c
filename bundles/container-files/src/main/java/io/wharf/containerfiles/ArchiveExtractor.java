package io.wharf.containerfiles;

import io.wharf.linux.Errno;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Extracts a docker cp tar into a directory of a container, as Docker's archive.Untar does inside the container's
 * mount namespace. Entry names are taken literally: {@code .wh.*} names are ordinary files here, not whiteouts.
 * Hostile input stays inside the container: names that climb above the destination and relative symbolic links
 * that point above it are rejected (as Docker does), and every parent directory is resolved inside the
 * container's root (see {@link ContainerFilesystem}), so a symbolic link planted by the tar or the container
 * cannot lead writes to the host. The last component of a name is replaced, never followed.
 */
public final class ArchiveExtractor {
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";

    /** What docker cp asks for: keep a directory from being replaced by a file and back, and an owner for all. */
    public record Options(boolean noOverwriteDirNonDir, Owner owner) {
    }

    /** The uid and gid every extracted file gets (docker cp --archive with a container user). */
    public record Owner(int uid, int gid) {
    }

    private final ContainerFilesystem fs;
    private final List<String> destination;
    private final Options options;
    private final LinuxFs linux = LinuxFs.get();
    private final List<DirTimes> dirTimes = new ArrayList<>();

    private record DirTimes(Path dir, FileTime accessed, FileTime modified) {
    }

    private ArchiveExtractor(ContainerFilesystem fs, List<String> destination, Options options) {
        this.fs = fs;
        this.destination = destination;
        this.options = options;
    }

    /**
     * Extracts the uncompressed {@code tar} into the resolved directory {@code destination} (container path
     * components without symbolic links). Malformed or hostile input throws {@link InvalidArchiveException}.
     */
    public static void extract(ContainerFilesystem fs, List<String> destination, InputStream tar, Options options)
            throws IOException {
        new ArchiveExtractor(fs, destination, options).run(tar);
    }

    private void run(InputStream in) throws IOException {
        TarArchiveInputStream entries = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = nextEntry(entries)) != null) {
            extract(entry, entries);
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) { // after the contents, whose creation resets them
            DirTimes t = dirTimes.get(i);
            linux.setTimes(t.dir(), t.accessed(), t.modified());
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
        List<String> relative = relativeComponents(entry.getName());
        if (entry.isGlobalPaxHeader() || entry.getLinkFlag() == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER) {
            return;
        }
        if (relative.isEmpty()) {
            extractOntoDestination(entry);
            return;
        }
        List<String> parentRelative = relative.subList(0, relative.size() - 1);
        String base = relative.get(relative.size() - 1);
        List<String> parent = fs.directory(concat(destination, parentRelative), this::ownImpliedDirectory);
        List<String> target = concat(parent, List.of(base));
        Path path = fs.hostPath(target);
        if (!prepare(entry, target, path)) {
            applyMetadata(path, entry, false);
            return;
        }
        boolean symlink = false;
        if (entry.isLink()) {
            Files.createLink(path, hardLinkTarget(entry));
            return; // the link shares the target's inode and therefore its metadata
        } else if (entry.isDirectory()) {
            Files.createDirectory(path);
        } else if (entry.isSymbolicLink()) {
            checkSymlinkTarget(entry, parentRelative);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            symlink = true;
        } else if (entry.isCharacterDevice()) {
            linux.makeCharDevice(path, entry.getMode() & LinuxFs.PERMISSION_BITS, entry.getDevMajor(),
                    entry.getDevMinor());
        } else if (entry.isBlockDevice()) {
            linux.makeBlockDevice(path, entry.getMode() & LinuxFs.PERMISSION_BITS, entry.getDevMajor(),
                    entry.getDevMinor());
        } else if (entry.isFIFO()) {
            linux.makeFifo(path, entry.getMode() & LinuxFs.PERMISSION_BITS);
        } else if (isRegularFile(entry)) {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                copy(content, out);
            }
        } else {
            throw new InvalidArchiveException("unhandled tar header type " + (char) entry.getLinkFlag()
                    + " for \"" + entry.getName() + "\"");
        }
        applyMetadata(path, entry, symlink);
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
        applyMetadata(fs.hostPath(destination), entry, false);
    }

    /**
     * Clears the way for a new entry. Returns false when an existing directory stays (a directory entry over a
     * directory merges), true when the entry must be created.
     */
    private boolean prepare(TarArchiveEntry entry, List<String> target, Path path) throws IOException {
        BasicFileAttributes existing = ContainerFilesystem.lstatOrNull(path);
        if (existing == null) {
            return true;
        }
        boolean entryIsDir = entry.isDirectory();
        if (options.noOverwriteDirNonDir()) {
            if (existing.isDirectory() && !entryIsDir) {
                throw new InvalidArchiveException(String.format("cannot overwrite directory \"%s\" with non-directory \"%s\"",
                        ContainerPaths.join(target), entry.getName()));
            }
            if (!existing.isDirectory() && entryIsDir) {
                throw new InvalidArchiveException(String.format("cannot overwrite non-directory \"%s\" with directory \"%s\"",
                        ContainerPaths.join(target), entry.getName()));
            }
        }
        if (existing.isDirectory() && entryIsDir) {
            return false;
        }
        if (fs.isMountPoint(target)) {
            throw new InvalidArchiveException("cannot replace mount point " + ContainerPaths.join(target));
        }
        deleteTree(path);
        return true;
    }

    /** Hard links must point at something already inside the destination (Docker's breakout check). */
    private Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
        List<String> relative = relativeComponents(entry.getLinkName());
        if (relative.isEmpty()) {
            throw new InvalidArchiveException("invalid hardlink \"" + entry.getName() + "\" -> \""
                    + entry.getLinkName() + "\"");
        }
        List<String> parent = fs.resolve(concat(destination, relative.subList(0, relative.size() - 1)), true);
        List<String> target = concat(parent, List.of(relative.get(relative.size() - 1)));
        Path path = fs.hostPath(target);
        BasicFileAttributes attributes = ContainerFilesystem.lstatOrNull(path);
        if (attributes == null || attributes.isDirectory()) {
            throw new InvalidArchiveException("hard link \"" + entry.getName() + "\" points to \""
                    + entry.getLinkName() + "\", which is " + (attributes == null ? "missing" : "a directory"));
        }
        return path;
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
    private void applyMetadata(Path path, TarArchiveEntry entry, boolean symlink) throws IOException {
        Owner owner = options.owner();
        int uid = owner != null ? owner.uid() : (int) entry.getLongUserId();
        int gid = owner != null ? owner.gid() : (int) entry.getLongGroupId();
        linux.lchown(path, uid, gid);
        if (!symlink) {
            linux.chmod(path, entry.getMode() & LinuxFs.PERMISSION_BITS);
        }
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            if (key.startsWith(XATTR_PAX_PREFIX) && !key.startsWith(XATTR_PAX_PREFIX + "trusted.overlay.")) {
                setXattrBestEffort(path, key.substring(XATTR_PAX_PREFIX.length()),
                        header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        FileTime modified = entry.getLastModifiedTime();
        FileTime accessed = entry.getLastAccessTime() != null ? entry.getLastAccessTime() : modified;
        if (entry.isDirectory()) {
            dirTimes.add(new DirTimes(path, accessed, modified));
        } else {
            linux.setTimes(path, accessed, modified);
        }
    }

    /** Like Docker, an xattr the filesystem refuses is not worth failing the copy for. */
    private void setXattrBestEffort(Path path, String name, byte[] value) throws IOException {
        try {
            linux.setXattr(path, name, value);
        } catch (LinuxException e) {
            int errno = e.errno();
            if (errno != Errno.EOPNOTSUPP && errno != Errno.EPERM && errno != Errno.EINVAL) {
                throw e;
            }
        }
    }

    private void ownImpliedDirectory(Path created) throws IOException {
        Owner owner = options.owner();
        if (owner != null) {
            linux.lchown(created, owner.uid(), owner.gid());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> result = new ArrayList<>(a.size() + b.size());
        result.addAll(a);
        result.addAll(b);
        return result;
    }

    /** Removes a file or a whole tree without following symbolic links. */
    static void deleteTree(Path path) throws IOException {
        io.wharf.archive.DirectoryTrees.delete(path);
    }

    /** The tar is malformed or tries to write outside the destination: the client's fault. */
    public static final class InvalidArchiveException extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidArchiveException(String message) {
            super(message);
        }
    }
}
