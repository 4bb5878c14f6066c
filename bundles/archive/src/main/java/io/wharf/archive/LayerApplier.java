package io.wharf.archive;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies an uncompressed layer tar (OCI or Docker) onto a directory. Hostile input cannot write outside the
 * directory: names are resolved as if chrooted there (see {@link RootedResolver}), {@code ..} that climbs out is
 * rejected, and the last component of a name is replaced, never followed. Keeps owners, modes (with
 * setuid/setgid/sticky), xattrs, hard and symbolic links, devices, fifos and times. Must run as root to set owners
 * and create devices. A truncated or corrupt tar throws; the caller discards the half-applied directory.
 */
public final class LayerApplier {
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    /**
     * File content is copied in pieces this large: each read goes down the whole stream chain (tar, digest,
     * gunzip) and each write is a system call, so transferTo's 16 KiB took 8x as many of both.
     */
    private static final int COPY_BUFFER = 128 * 1024;

    private final WhiteoutMode whiteoutMode;
    private final LinuxFs fs;

    /** Applies with the system calls of {@code fs}, the instance the linux bundle offers as a service. */
    public LayerApplier(WhiteoutMode whiteoutMode, LinuxFs fs) {
        this.whiteoutMode = whiteoutMode;
        this.fs = fs;
    }

    /**
     * Applies {@code tar} onto the existing directory {@code root} and reads the stream to its end (so a digest
     * computed over it covers the padding too). Returns the bytes of regular file content written.
     */
    public long apply(InputStream tar, Path root) throws IOException {
        return apply(tar, root, null);
    }

    /**
     * As {@link #apply(InputStream, Path)}, and records in {@code contentDigests} (when not null) the SHA-256 of
     * every regular file written, by its path relative to {@code root} ({@code a/b}), hashed as it streams past so
     * that no one reads the files again to checksum them. A path is in the map only while the file there is the
     * regular file whose content was hashed (an entry that later replaces it removes it).
     */
    public long apply(InputStream tar, Path root, Map<String, byte[]> contentDigests) throws IOException {
        Run run = new Run(new RootedResolver(root.toRealPath()), contentDigests);
        TarArchiveInputStream entries = new CappedTarInputStream(tar);
        try {
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                run.apply(entry, entries);
            }
        } catch (IllegalArgumentException e) { // commons-compress reports some malformed headers this way
            throw new InvalidArchiveException("invalid layer: corrupt tar: " + e.getMessage(), e);
        }
        run.dirTimes.applyAll(fs);
        tar.transferTo(OutputStream.nullOutputStream());
        return run.contentBytes;
    }

    /** The state of one application. */
    private final class Run {
        private final RootedResolver resolver;
        private final Metadata metadata = new Metadata(fs);
        private final Metadata.DeferredTimes dirTimes = new Metadata.DeferredTimes();
        /** Paths (relative to the root) this layer created, and their parents: an opaque marker keeps them. */
        private final Set<Path> unpacked = new HashSet<>();
        private final Map<String, byte[]> contentDigests;
        private long contentBytes;
        /** Made for the first regular file, then used for every file of this run. */
        private byte[] copyBuffer;

        Run(RootedResolver resolver, Map<String, byte[]> contentDigests) {
            this.resolver = resolver;
            this.contentDigests = contentDigests;
        }

        void apply(TarArchiveEntry entry, InputStream content) throws IOException {
            String name = entry.getName();
            List<String> components = RootedResolver.components(name);
            if (components.stream().anyMatch(c -> c.startsWith(Whiteouts.META_PREFIX) && !c.equals(Whiteouts.OPAQUE))) {
                return; // aufs metadata (.wh..wh.plnk, ...), never image content
            }
            if (components.isEmpty()) {
                applyToRoot(entry, name);
                return;
            }
            String base = components.get(components.size() - 1);
            List<String> parentComponents = components.subList(0, components.size() - 1);
            if (base.equals(Whiteouts.OPAQUE)) {
                opaque(parentComponents);
            } else if (Whiteouts.isWhiteoutName(base)) {
                whiteout(parentComponents, base.substring(Whiteouts.PREFIX.length()), entry);
            } else {
                Path parent = resolver.directory(parentComponents, true);
                create(parent.resolve(base), entry, content);
            }
        }

        private void applyToRoot(TarArchiveEntry entry, String name) throws IOException {
            if (!entry.isDirectory()) {
                throw new InvalidArchiveException(
                        "invalid layer: entry \"" + name + "\" replaces the root directory with a file");
            }
            Path root = resolver.root();
            metadata.apply(root, false, (int) entry.getLongUserId(), (int) entry.getLongGroupId(),
                    entry.getMode() & LinuxFs.PERMISSION_BITS, xattrs(entry));
            dirTimes.add(root, accessTime(entry), entry.getLastModifiedTime());
        }

        private void create(Path path, TarArchiveEntry entry, InputStream content) throws IOException {
            FileStat existing = FileStat.ofOrNull(path);
            boolean merge = existing != null && existing.isDirectory() && entry.isDirectory();
            if (existing != null && !merge) {
                DirectoryTrees.delete(path);
            }
            markUnpacked(path);
            forgetDigests(path, existing != null && existing.isDirectory() && !merge);
            if (entry.isLink()) {
                Files.createLink(path, hardLinkTarget(entry));
                return; // the link shares the target's inode and therefore its metadata
            }
            boolean symlink = false;
            if (entry.isDirectory()) {
                if (!merge) {
                    Files.createDirectory(path);
                }
            } else if (entry.isSymbolicLink()) {
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                symlink = true;
            } else if (entry.isCharacterDevice()) {
                fs.makeCharDevice(path, entry.getMode(), entry.getDevMajor(), entry.getDevMinor());
            } else if (entry.isBlockDevice()) {
                fs.makeBlockDevice(path, entry.getMode(), entry.getDevMajor(), entry.getDevMinor());
            } else if (entry.isFIFO()) {
                fs.makeFifo(path, entry.getMode());
            } else if (isRegularFile(entry)) {
                writeContent(path, content);
            } else {
                throw new InvalidArchiveException("invalid layer: entry \"" + entry.getName()
                        + "\" has unsupported tar type '"
                        + (char) entry.getLinkFlag() + "'");
            }
            metadata.apply(path, symlink, (int) entry.getLongUserId(), (int) entry.getLongGroupId(),
                    entry.getMode() & LinuxFs.PERMISSION_BITS, xattrs(entry));
            if (entry.isDirectory()) {
                dirTimes.add(path, accessTime(entry), entry.getLastModifiedTime());
            } else {
                fs.setTimes(path, accessTime(entry), entry.getLastModifiedTime());
            }
        }

        private boolean isRegularFile(TarArchiveEntry entry) {
            byte flag = entry.getLinkFlag();
            return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                    || flag == TarConstants.LF_CONTIG || flag == TarConstants.LF_GNUTYPE_SPARSE;
        }

        private void writeContent(Path path, InputStream content) throws IOException {
            if (contentDigests == null) {
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    contentBytes += copy(content, out);
                }
                return;
            }
            MessageDigest sha256 = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), sha256)) {
                contentBytes += copy(content, out);
            }
            contentDigests.put(relativeName(path), sha256.digest());
        }

        private long copy(InputStream content, OutputStream out) throws IOException {
            if (copyBuffer == null) {
                copyBuffer = new byte[COPY_BUFFER];
            }
            long copied = 0;
            int n;
            while ((n = content.read(copyBuffer)) != -1) {
                out.write(copyBuffer, 0, n);
                copied += n;
            }
            return copied;
        }

        /**
         * What was at {@code path} (and, for a removed directory, below it) is gone or replaced: its recorded digests
         * no longer hold. Only removals scan the map, so a plain context costs no more than one lookup per entry.
         */
        private void forgetDigests(Path path, boolean below) {
            if (contentDigests == null || contentDigests.isEmpty()) {
                return;
            }
            String name = relativeName(path);
            contentDigests.remove(name);
            if (below) {
                String prefix = name.isEmpty() ? "" : name + "/";
                contentDigests.keySet().removeIf(key -> key.startsWith(prefix));
            }
        }

        private String relativeName(Path path) {
            return resolver.root().relativize(path).toString();
        }

        /** The link target must already be in this layer, inside the root, and not be a directory. */
        private Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
            List<String> components = RootedResolver.components(entry.getLinkName());
            if (components.isEmpty()) {
                throw new ArchiveBreakoutException("invalid layer: hard link \"" + entry.getName() + "\" to the root");
            }
            Path parent = resolver.directory(components.subList(0, components.size() - 1), false);
            Path target = parent == null ? null : parent.resolve(components.get(components.size() - 1));
            FileStat stat = target == null ? null : FileStat.ofOrNull(target);
            if (stat == null || stat.isDirectory()) {
                throw new InvalidArchiveException("invalid layer: hard link \"" + entry.getName() + "\" points to \""
                        + entry.getLinkName() + "\", which is " + (stat == null ? "missing" : "a directory"));
            }
            return target;
        }

        private void whiteout(List<String> parentComponents, String hiddenName, TarArchiveEntry entry)
                throws IOException {
            if (hiddenName.isEmpty() || hiddenName.equals(".") || hiddenName.equals("..")) {
                throw new InvalidArchiveException("invalid layer: bad whiteout \"" + entry.getName() + "\"");
            }
            if (whiteoutMode == WhiteoutMode.DELETE) {
                Path parent = resolver.directory(parentComponents, false);
                if (parent != null) {
                    DirectoryTrees.delete(parent.resolve(hiddenName));
                    forgetDigests(parent.resolve(hiddenName), true);
                }
            } else {
                Path hidden = resolver.directory(parentComponents, true).resolve(hiddenName);
                DirectoryTrees.delete(hidden);
                fs.makeOverlayWhiteout(hidden);
                fs.lchown(hidden, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
                markUnpacked(hidden);
            }
        }

        private void opaque(List<String> dirComponents) throws IOException {
            if (whiteoutMode == WhiteoutMode.DELETE) {
                Path dir = resolver.directory(dirComponents, false);
                if (dir != null) {
                    removeAllButUnpacked(dir);
                    forgetDigests(dir, true); // more than was removed, which only costs its files a read
                }
            } else {
                Path dir = resolver.directory(dirComponents, true);
                fs.setXattr(dir, Whiteouts.OVERLAY_OPAQUE_XATTR, new byte[] {'y'});
                markUnpacked(dir);
            }
        }

        /** An opaque directory hides what lower layers put there, but not what this layer already wrote. */
        private void removeAllButUnpacked(Path dir) throws IOException {
            for (String name : TreeWalker.sortedChildren(dir)) {
                Path child = dir.resolve(name);
                if (!unpacked.contains(resolver.root().relativize(child))) {
                    DirectoryTrees.delete(child);
                } else if (FileStat.of(child).isDirectory()) {
                    removeAllButUnpacked(child);
                }
            }
        }

        private void markUnpacked(Path path) {
            for (Path p = resolver.root().relativize(path); p != null && unpacked.add(p); p = p.getParent()) {
                // the parents are marked too, so an opaque marker above keeps the way to this path
            }
        }

        /** Tar xattrs except overlayfs's own, which would let a layer forge whiteouts or redirects. */
        private Map<String, byte[]> xattrs(TarArchiveEntry entry) {
            Map<String, byte[]> xattrs = new LinkedHashMap<>();
            entry.getExtraPaxHeaders().forEach((key, value) -> {
                if (key.startsWith(XATTR_PAX_PREFIX)) {
                    String name = key.substring(XATTR_PAX_PREFIX.length());
                    if (!name.startsWith(Whiteouts.OVERLAY_XATTR_PREFIX)) {
                        xattrs.put(name, value.getBytes(StandardCharsets.UTF_8));
                    }
                }
            });
            return xattrs;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        private FileTime accessTime(TarArchiveEntry entry) {
            FileTime atime = entry.getLastAccessTime();
            return atime != null ? atime : entry.getLastModifiedTime();
        }
    }
}
