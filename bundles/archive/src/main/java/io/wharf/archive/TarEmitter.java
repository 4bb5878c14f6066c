package io.wharf.archive;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes files as layer tar entries the way Docker does: names relative to the layer root, directories with a
 * trailing slash, numeric owners without names, times truncated to seconds, PAX for long names and big numbers,
 * hard links for a second path to the same inode. The same files in the same order give the same bytes.
 */
final class TarEmitter implements AutoCloseable {
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final OutputStream out;
    private final TarArchiveOutputStream tar;
    private boolean finished;
    private final LinuxFs fs;
    private final Map<Object, String> firstNameOfInode = new HashMap<>();

    TarEmitter(OutputStream out, LinuxFs fs) {
        this.out = out;
        this.fs = fs;
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Adds {@code file} as {@code name}; sockets are skipped as Docker does. */
    void addFile(String name, Path file, FileStat stat) throws IOException {
        if (stat.isSocket()) {
            return;
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
            entry = entry(name + "/", TarConstants.LF_DIR, stat);
        } else if (stat.isRegular()) {
            entry = entry(name, TarConstants.LF_NORMAL, stat);
            entry.setSize(stat.size());
        } else if (stat.isSymlink()) {
            entry = entry(name, TarConstants.LF_SYMLINK, stat);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (stat.isFifo()) {
            entry = entry(name, TarConstants.LF_FIFO, stat);
        } else {
            entry = entry(name, stat.type() == LinuxFs.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, stat);
            entry.setDevMajor(LinuxFs.major(stat.rdev()));
            entry.setDevMinor(LinuxFs.minor(stat.rdev()));
        }
        addXattrs(entry, file);
        put(entry, stat.isRegular() ? file : null);
    }

    /** A {@code .wh.NAME} entry, with the owner and time of the overlay whiteout it stands for (or zero). */
    void addWhiteout(String parentName, String hiddenName, FileStat whiteout) throws IOException {
        addMarker(TreeWalker.child(parentName, Whiteouts.PREFIX + hiddenName), whiteout, 0600);
    }

    /** A {@code .wh..wh..opq} entry in directory {@code dirName}, owned like the directory. */
    void addOpaqueMarker(String dirName, FileStat dir) throws IOException {
        addMarker(TreeWalker.child(dirName, Whiteouts.OPAQUE), dir, dir.permissions() & 0777);
    }

    private void addMarker(String name, FileStat like, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(mode);
        entry.setUserId(like != null ? Integer.toUnsignedLong(like.uid()) : 0);
        entry.setGroupId(like != null ? Integer.toUnsignedLong(like.gid()) : 0);
        entry.setModTime(like != null ? seconds(like.modified()) : EPOCH);
        entry.setUserName("");
        entry.setGroupName("");
        put(entry, null);
    }

    private TarArchiveEntry entry(String name, byte type, FileStat stat) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true); // true: keep the name exactly as given
        entry.setMode(stat.permissions());
        entry.setUserId(Integer.toUnsignedLong(stat.uid()));
        entry.setGroupId(Integer.toUnsignedLong(stat.gid()));
        entry.setModTime(seconds(stat.modified()));
        entry.setUserName(""); // commons-compress defaults to the user running the JVM
        entry.setGroupName("");
        return entry;
    }

    /** Overlay's own xattrs describe the layer stack, not content; SELinux labels belong to the host. */
    private void addXattrs(TarArchiveEntry entry, Path file) throws IOException {
        for (Map.Entry<String, byte[]> xattr : DirectoryTrees.readXattrs(fs, file).entrySet()) {
            String name = xattr.getKey();
            if (name.startsWith(Whiteouts.OVERLAY_XATTR_PREFIX) || name.equals("security.selinux")) {
                continue;
            }
            String value = utf8OrNull(xattr.getValue());
            if (value != null) { // commons-compress writes PAX values as UTF-8 text: binary ones would be mangled
                entry.addPaxHeader(XATTR_PAX_PREFIX + name, value);
            }
        }
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void put(TarArchiveEntry entry, Path content) throws IOException {
        tar.putArchiveEntry(entry);
        if (content != null) {
            try (InputStream in = Files.newInputStream(content, LinkOption.NOFOLLOW_LINKS)) {
                long copied = in.transferTo(tar);
                if (copied != entry.getSize()) {
                    throw new IOException("file " + content + " changed size while it was being archived");
                }
            }
        }
        tar.closeArchiveEntry();
    }

    private static FileTime seconds(FileTime time) {
        return FileTime.from(time.to(TimeUnit.SECONDS), TimeUnit.SECONDS);
    }

    /** Writes the end-of-archive blocks: only a complete tar may look complete to its reader. */
    void finish() throws IOException {
        tar.finish();
        finished = true;
    }

    /** Closes the underlying stream; without {@link #finish} first the tar stays visibly truncated. */
    @Override
    public void close() throws IOException {
        if (finished) {
            tar.close();
        } else {
            out.close();
        }
    }
}
