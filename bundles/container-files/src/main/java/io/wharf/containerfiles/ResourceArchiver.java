package io.wharf.containerfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
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
 */
public final class ResourceArchiver {
    private final ContainerFilesystem fs;
    private final TarArchiveOutputStream tar;
    private final Map<Object, String> firstNameOfInode = new HashMap<>();

    private ResourceArchiver(ContainerFilesystem fs, OutputStream out) {
        this.fs = fs;
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes the tar of an existing resource and finishes it; {@code out} is left open. */
    public static void write(ContainerFilesystem fs, ContainerPath resource, OutputStream out) throws IOException {
        ResourceArchiver archiver = new ResourceArchiver(fs, out);
        String base = ContainerPaths.baseName(resource.requested());
        if (resource.stat().isDirectory()) {
            // the root "/" is named by its children's leading slash alone, so that clients can rebase it
            String prefix = base.equals("/") ? "" : base;
            archiver.add(prefix + "/", resource.host(), resource.stat());
            archiver.addChildren(resource.components(), resource.host(), prefix);
        } else {
            archiver.add(base, resource.host(), resource.stat());
        }
        archiver.tar.finish();
        archiver.tar.flush();
    }

    private void addChildren(List<String> dir, Path hostDir, String prefix) throws IOException {
        for (String name : sortedChildren(hostDir)) {
            List<String> child = new ArrayList<>(dir);
            child.add(name);
            Path host = fs.hostPath(child); // a mount point shows the mount's content, as inside the container
            UnixStat stat;
            try {
                stat = UnixStat.of(host);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // removed while we were walking: a running container may do that
            }
            String entryName = prefix + "/" + name;
            if (stat.isDirectory()) {
                add(entryName + "/", host, stat);
                addChildren(child, host, entryName);
            } else {
                add(entryName, host, stat);
            }
        }
    }

    private void add(String name, Path file, UnixStat stat) throws IOException {
        if (stat.isSocket()) {
            return; // Docker skips sockets: they cannot be recreated from a tar
        }
        if (!stat.isDirectory() && stat.nlink() > 1) {
            String earlier = firstNameOfInode.putIfAbsent(stat.inodeKey(), name);
            if (earlier != null) {
                TarArchiveEntry link = entry(name, TarConstants.LF_LINK, stat);
                link.setLinkName(earlier);
                put(link, null);
                return;
            }
        }
        TarArchiveEntry entry;
        if (stat.isDirectory()) {
            entry = entry(name, TarConstants.LF_DIR, stat);
        } else if (stat.isRegular()) {
            entry = entry(name, TarConstants.LF_NORMAL, stat);
            entry.setSize(stat.size());
        } else if (stat.isSymlink()) {
            entry = entry(name, TarConstants.LF_SYMLINK, stat);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (stat.isFifo()) {
            entry = entry(name, TarConstants.LF_FIFO, stat);
        } else {
            entry = entry(name, stat.type() == io.wharf.linux.LinuxFs.S_IFCHR ? TarConstants.LF_CHR
                    : TarConstants.LF_BLK, stat);
            entry.setDevMajor(io.wharf.linux.LinuxFs.major(stat.rdev()));
            entry.setDevMinor(io.wharf.linux.LinuxFs.minor(stat.rdev()));
        }
        put(entry, stat.isRegular() ? file : null);
    }

    private static TarArchiveEntry entry(String name, byte type, UnixStat stat) {
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
    private void put(TarArchiveEntry entry, Path content) throws IOException {
        tar.putArchiveEntry(entry);
        if (content != null) {
            long remaining = entry.getSize();
            try (InputStream in = Files.newInputStream(content)) {
                byte[] buffer = new byte[65536];
                while (remaining > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        break;
                    }
                    tar.write(buffer, 0, n);
                    remaining -= n;
                }
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

    private static List<String> sortedChildren(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }
}
