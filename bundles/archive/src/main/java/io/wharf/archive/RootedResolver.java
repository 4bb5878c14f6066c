package io.wharf.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves tar names inside a root directory as if the process were chrooted there, like Docker's chrootarchive:
 * symbolic links met on the way are followed, but absolute targets start again at the root and {@code ..} stops at
 * the root, so no resolved path can leave it. The last component of a name is never followed.
 */
final class RootedResolver {
    private static final int MAX_SYMLINKS = 40;

    private final Path root;

    RootedResolver(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Cleans a tar name into its components. Leading slashes are dropped (absolute names are relative to the root);
     * a {@code ..} that would climb above the root is hostile.
     */
    static List<String> components(String name) throws ArchiveBreakoutException {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ArchiveBreakoutException("invalid layer: \"" + name + "\" points outside the layer");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return new ArrayList<>(parts);
    }

    /**
     * The real directory (no symbolic links left in it) named by {@code components} under the root. Missing
     * directories are created with mode 0755 when {@code create}; otherwise null is returned for them.
     */
    Path directory(List<String> components, boolean create) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        List<String> resolved = new ArrayList<>();
        int symlinks = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path candidate = join(resolved).resolve(part);
            FileStat stat = FileStat.ofOrNull(candidate);
            if (stat == null) {
                if (!create) {
                    return null;
                }
                Files.createDirectory(candidate);
                resolved.add(part);
            } else if (stat.isSymlink()) {
                if (++symlinks > MAX_SYMLINKS) {
                    throw new IOException("invalid layer: too many levels of symbolic links in \""
                            + String.join("/", components) + "\"");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    pending.addFirst(targetParts[i]);
                }
            } else if (stat.isDirectory()) {
                resolved.add(part);
            } else {
                throw new IOException("invalid layer: \"" + String.join("/", components)
                        + "\" needs a directory where the layer has a file");
            }
        }
        return join(resolved);
    }

    private Path join(List<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }
}
