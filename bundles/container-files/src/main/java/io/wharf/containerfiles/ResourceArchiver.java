package io.wharf.containerfiles;

import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.Statx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the tar docker cp reads from a container: the resource under its own base name (Docker's
 * TarResourceRebase), a directory with everything below it, the contents of mounts included as the container
 * sees them. Entries come in name order, parents first; hard links are kept; symbolic links are not followed.
 * Every directory is read through a descriptor opened without following links, and every file through a
 * descriptor whose own stat makes its header, so a running container cannot point the walk at the host.
 */
public final class ResourceArchiver {
    private final TarArchiveOutputStream tar;
    private final Map<Object, String> firstNameOfInode = new HashMap<>();

    private record InodeKey(long dev, long ino) {
    }

    private ResourceArchiver(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes the tar of an existing resource and finishes it; {@code out} is left open. */
    public static void write(ContainerFilesystem fs, ContainerPath resource, OutputStream out) throws IOException {
        ResourceArchiver archiver = new ResourceArchiver(out);
        String base = ContainerPaths.baseName(resource.requested());
        try (ContainerFilesystem.Entry entry = fs.locate(resource.components(), false)) {
            Statx stat = entry == null ? null : entry.statOrNull();
            if (stat == null) {
                throw new java.nio.file.NoSuchFileException(ContainerPaths.join(resource.components()));
            }
            if (stat.isDirectory()) {
                // the root "/" is named by its children's leading slash alone, so that clients can rebase it
                String prefix = base.equals("/") ? "" : base;
                try (ContainerFilesystem.Directory dir = entry.name() == null ? null : entry.openDirectory()) {
                    ContainerFilesystem.Directory walked = dir != null ? dir : entry.parent();
                    archiver.addDirectory(prefix + "/", walked.handle().stat());
                    archiver.addChildren(walked, prefix);
                }
            } else {
                archiver.add(base, entry.parent().handle(), entry.name(), stat);
            }
        }
        archiver.tar.finish();
        archiver.tar.flush();
    }

    private void addChildren(ContainerFilesystem.Directory dir, String prefix) throws IOException {
        List<String> names = dir.handle().list();
        names.sort(null);
        for (String name : names) {
            String entryName = prefix + "/" + name;
            ContainerFilesystem.Directory mount = dir.openChildIfMountPoint(name);
            if (mount != null) {
                try (mount) { // a mount point shows the mount's content, as inside the container
                    addDirectory(entryName + "/", mount.handle().stat());
                    addChildren(mount, entryName);
                }
                continue;
            }
            Statx stat = dir.handle().statOrNull(name);
            if (stat == null) {
                continue; // removed while we were walking: a running container may do that
            }
            if (!stat.isDirectory()) {
                add(entryName, dir.handle(), name, stat);
                continue;
            }
            try (ContainerFilesystem.Directory child = dir.openChild(name)) {
                if (child == null) {
                    continue; // no longer a directory: swapped while we looked, leave it out
                }
                Statx opened = child.handle().stat();
                addDirectory(entryName + "/", opened);
                addChildren(child, entryName);
            }
        }
    }

    private void addDirectory(String name, Statx stat) throws IOException {
        put(entry(name, TarConstants.LF_DIR, stat), null, 0);
    }

    private void add(String name, DirectoryHandle dir, String file, Statx stat) throws IOException {
        if (stat.type() == LinuxFs.S_IFSOCK) {
            return; // Docker skips sockets: they cannot be recreated from a tar
        }
        if (stat.isRegular()) {
            addRegular(name, dir, file);
            return;
        }
        if (linkedEarlier(name, stat)) {
            return;
        }
        TarArchiveEntry entry;
        if (stat.isSymlink()) {
            entry = entry(name, TarConstants.LF_SYMLINK, stat);
            entry.setLinkName(dir.readLink(file));
        } else if (stat.type() == LinuxFs.S_IFIFO) {
            entry = entry(name, TarConstants.LF_FIFO, stat);
        } else {
            entry = entry(name, stat.type() == LinuxFs.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, stat);
            entry.setDevMajor(LinuxFs.major(stat.rdev()));
            entry.setDevMinor(LinuxFs.minor(stat.rdev()));
        }
        put(entry, null, 0);
    }

    /** The header comes from the opened file's own stat: what is read is what was described. */
    private void addRegular(String name, DirectoryHandle dir, String file) throws IOException {
        DirectoryHandle.OpenFile opened;
        try {
            opened = dir.openFile(file);
        } catch (LinuxException e) {
            return; // gone or swapped for a link since the listing
        }
        try (opened) {
            Statx stat = opened.stat();
            if (!stat.isRegular() || linkedEarlier(name, stat)) {
                return;
            }
            TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, stat);
            entry.setSize(stat.size());
            try (InputStream in = Files.newInputStream(opened.procPath())) {
                put(entry, in, stat.size());
            }
        }
    }

    /** A further name of an inode already in the archive becomes a hard link entry. */
    private boolean linkedEarlier(String name, Statx stat) throws IOException {
        if (stat.nlink() <= 1) {
            return false;
        }
        String earlier = firstNameOfInode.putIfAbsent(new InodeKey(stat.dev(), stat.ino()), name);
        if (earlier == null) {
            return false;
        }
        TarArchiveEntry link = entry(name, TarConstants.LF_LINK, stat);
        link.setLinkName(earlier);
        put(link, null, 0);
        return true;
    }

    private static TarArchiveEntry entry(String name, byte type, Statx stat) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true); // true: keep the name exactly as given
        entry.setMode(stat.permissions());
        entry.setUserId(Integer.toUnsignedLong(stat.uid()));
        entry.setGroupId(Integer.toUnsignedLong(stat.gid()));
        entry.setModTime(FileTime.from(stat.modified().to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    /** Copies exactly the size the header announced: a file growing or shrinking meanwhile must not corrupt the tar. */
    private void put(TarArchiveEntry entry, InputStream content, long size) throws IOException {
        tar.putArchiveEntry(entry);
        if (content != null) {
            long remaining = size;
            byte[] buffer = new byte[65536];
            while (remaining > 0) {
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    break;
                }
                tar.write(buffer, 0, n);
                remaining -= n;
            }
            byte[] zeros = new byte[8192];
            while (remaining > 0) { // the file shrank: pad with zeros as GNU tar does
                int n = (int) Math.min(zeros.length, remaining);
                tar.write(zeros, 0, n);
                remaining -= n;
            }
        }
        tar.closeArchiveEntry();
    }
}
