package io.wharf.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unix socket that never exists at its path with a wider mode than 0660. bind(2) creates the socket file with
 * the process umask (0755 under the usual 022) and Java offers no umask: so the socket is bound inside a staging
 * directory of mode 0700 that only root can enter, given mode 0660 and its group there, and then renamed to its
 * path. (A process-wide umask would also narrow the files other threads create meanwhile.)
 */
final class StagedUnixSocket {
    private static final Logger LOG = LoggerFactory.getLogger(StagedUnixSocket.class);
    /** sun_path holds 108 bytes with the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;

    private final Path target;
    private final Path staging;
    private final Path bindPath;

    private StagedUnixSocket(Path target, Path staging, Path bindPath) {
        this.target = target;
        this.staging = staging;
        this.bindPath = bindPath;
    }

    /** Makes the staging directory next to {@code target} (same filesystem, so the rename is atomic). */
    static StagedUnixSocket prepare(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.deleteIfExists(target);
        Path staging = parent.resolve("." + target.getFileName() + ".bind");
        if (Files.exists(staging)) {
            try (var left = Files.list(staging)) { // left by a daemon that died while starting
                for (Path p : left.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(staging);
        }
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bindPath = staging.resolve(target.getFileName());
        if (bindPath.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            bindPath = staging.resolve("s"); // the target fits, its staged name must too
        }
        return new StagedUnixSocket(target, staging, bindPath);
    }

    /** Where the listener binds. */
    Path bindPath() {
        return bindPath;
    }

    /**
     * Gives the bound socket Docker's mode 0660 and group ({@code docker} when it exists, unless one is named) and
     * moves it to its path.
     */
    void publish(String socketGroup) throws IOException {
        Files.setPosixFilePermissions(bindPath, PosixFilePermissions.fromString("rw-rw----"));
        String group = socketGroup == null ? "docker" : socketGroup;
        try {
            GroupPrincipal principal = bindPath.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(group);
            Files.getFileAttributeView(bindPath, PosixFileAttributeView.class).setGroup(principal);
        } catch (UserPrincipalNotFoundException e) {
            if (socketGroup != null) {
                LOG.warn("group {} not found; {} stays owned by root's group", group, target);
            }
        }
        Files.move(bindPath, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(staging);
    }
}
