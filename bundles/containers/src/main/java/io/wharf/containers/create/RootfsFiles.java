package io.wharf.containers.create;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads files of a container's root file system as the container would see them: symbolic links are resolved
 * inside the root (an absolute target starts again at the root, ".." stops at it), never on the host.
 */
public final class RootfsFiles {
    private static final int MAX_LINKS = 40;
    private static final int MAX_SIZE = 4 * 1024 * 1024;

    private RootfsFiles() {
    }

    /** The host path of {@code containerPath} with every link resolved within {@code root}. */
    public static Path resolve(Path root, String containerPath) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pushComponents(pending, containerPath);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links: " + containerPath);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                pushComponents(pending, target);
                continue;
            }
            resolved.addLast(part);
        }
        return join(root, resolved);
    }

    /** The file's bytes, or empty when it does not exist or is not a regular file. */
    public static Optional<byte[]> read(Path root, String containerPath) throws IOException {
        Path file = resolve(root, containerPath);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes(MAX_SIZE + 1);
            if (content.length > MAX_SIZE) {
                throw new IOException(containerPath + " is too large");
            }
            return Optional.of(content);
        }
    }

    private static void pushComponents(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
