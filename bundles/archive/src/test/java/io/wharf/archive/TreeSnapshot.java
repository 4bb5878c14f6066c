package io.wharf.archive;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A comparable description of every path in a tree: type, mode, owner, mtime (seconds), content, links, xattrs. */
final class TreeSnapshot {
    private TreeSnapshot() {
    }

    static Map<String, String> of(Path root) throws IOException {
        LinuxFs fs = LinuxFs.get();
        Map<String, String> snapshot = new TreeMap<>();
        Map<Object, String> firstPathOfInode = new HashMap<>();
        TreeWalker.walk(root, (relative, file, stat) -> {
            StringBuilder s = new StringBuilder();
            s.append(String.format("mode=%o uid=%d gid=%d mtime=%d", stat.mode(), stat.uid(), stat.gid(),
                    stat.modified().to(TimeUnit.SECONDS)));
            if (stat.isRegular()) {
                s.append(" content=").append(Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                if (stat.nlink() > 1) {
                    s.append(" inode-of=").append(firstPathOfInode.computeIfAbsent(stat.inodeKey(), k -> relative));
                }
            }
            if (stat.isSymlink()) {
                s.append(" target=").append(Files.readSymbolicLink(file));
            }
            if (stat.isDevice()) {
                s.append(" rdev=").append(stat.rdev());
            }
            for (String name : new java.util.TreeSet<>(fs.listXattrs(file))) {
                if (name.startsWith("user.") || name.startsWith("trusted.overlay.")) {
                    s.append(" xattr:").append(name).append('=')
                            .append(new String(fs.getXattr(file, name).orElseThrow()));
                }
            }
            snapshot.put(relative, s.toString());
            return true;
        });
        return snapshot;
    }
}
