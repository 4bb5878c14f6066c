package io.wharf.archive;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Whole-tree operations that never follow symbolic links: faithful copy, removal, disk usage. */
public final class DirectoryTrees {
    private DirectoryTrees() {
    }

    /**
     * Copies everything below {@code source} into the existing directory {@code target}, and the source root's own
     * owner, mode, xattrs and times onto {@code target}. Keeps owners, modes with setuid/setgid/sticky, xattrs
     * (byte for byte), hard links, symbolic links, devices, fifos and nanosecond times. Sockets are skipped.
     */
    public static void copy(LinuxFs fs, Path source, Path target) throws IOException {
        Metadata metadata = new Metadata(fs);
        Metadata.DeferredTimes dirTimes = new Metadata.DeferredTimes();
        Map<Object, Path> firstCopyOfInode = new HashMap<>();
        TreeWalker.walk(source, (relative, file, stat) -> {
            Path copy = target.resolve(relative);
            if (stat.isSocket()) {
                return false;
            }
            if (!stat.isDirectory() && stat.nlink() > 1) {
                Path earlier = firstCopyOfInode.putIfAbsent(stat.inodeKey(), copy);
                if (earlier != null) {
                    Files.createLink(copy, earlier);
                    return false;
                }
            }
            createLike(fs, file, stat, copy);
            metadata.apply(copy, stat.isSymlink(), stat.uid(), stat.gid(), stat.permissions(), readXattrs(fs, file));
            if (stat.isDirectory()) {
                dirTimes.add(copy, stat.accessed(), stat.modified());
            } else {
                fs.setTimes(copy, stat.accessed(), stat.modified());
            }
            return true;
        });
        FileStat rootStat = FileStat.of(source);
        metadata.apply(target, false, rootStat.uid(), rootStat.gid(), rootStat.permissions(), readXattrs(fs, source));
        dirTimes.add(target, rootStat.accessed(), rootStat.modified());
        dirTimes.applyAll(fs);
    }

    private static void createLike(LinuxFs fs, Path file, FileStat stat, Path copy) throws IOException {
        if (stat.isDirectory()) {
            Files.createDirectory(copy);
        } else if (stat.isRegular()) {
            Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS);
        } else if (stat.isSymlink()) {
            Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
        } else {
            fs.mknod(copy, stat.mode(), stat.rdev()); // devices, fifos, overlay whiteouts
        }
    }

    /** All xattrs of a file as raw bytes, in the kernel's order. */
    static Map<String, byte[]> readXattrs(LinuxFs fs, Path file) throws IOException {
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        for (String name : fs.listXattrs(file)) {
            fs.getXattr(file, name).ifPresent(value -> xattrs.put(name, value));
        }
        return xattrs;
    }

    /** Removes {@code path} and everything below it; symbolic links are removed, not followed. Missing is fine. */
    public static void delete(Path path) throws IOException {
        if (FileStat.ofOrNull(path) == null) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Bytes of file content below {@code root}, as {@code du --apparent-size} counts it: hard links once, directories not. */
    public static long diskUsage(Path root) throws IOException {
        if (FileStat.ofOrNull(root) == null) {
            return 0;
        }
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        TreeWalker.walk(root, (relative, file, stat) -> {
            if (!stat.isDirectory() && (stat.nlink() <= 1 || seen.add(stat.inodeKey()))) {
                total[0] += stat.size();
            }
            return true;
        });
        return total[0];
    }
}
