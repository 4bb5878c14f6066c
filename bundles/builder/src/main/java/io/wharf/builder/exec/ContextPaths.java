package io.wharf.builder.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Context-relative names from clients and Dockerfiles, kept inside the context directory. */
final class ContextPaths {
    private ContextPaths() {
    }

    /**
     * {@code name} below {@code root}, or null when it would climb out of it, lexically or through a symbolic link
     * the context holds in a parent directory (a hostile context may link {@code sub} to {@code /etc}).
     */
    static Path inside(Path root, String name) throws IOException {
        Path resolved = root.resolve(name.startsWith("/") ? name.substring(1) : name).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            return null;
        }
        Path parent = resolved.getParent();
        if (Files.exists(parent) && !parent.toRealPath().startsWith(root.toRealPath())) {
            return null;
        }
        return resolved;
    }
}
