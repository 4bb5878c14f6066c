package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.archive.Decompression;
import io.wharf.archive.DirectoryTrees;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.WhiteoutMode;
import io.wharf.builder.ignore.DockerIgnore;
import io.wharf.linux.LinuxFs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * A build context unpacked into a private directory: the client's tar (any compression) through the archive
 * library's capped, root-confined extraction, or a bare Dockerfile. Files the {@code .dockerignore} excludes are
 * removed before any step sees the context. Closing deletes the directory.
 */
public final class BuildContext implements AutoCloseable {
    /** A Dockerfile sent bare is read whole; this bounds it (Docker's CLI sends a few KiB). */
    private static final int MAX_BARE_DOCKERFILE = 4 << 20;

    private final Path root;
    private final String dockerfileName;
    private final String dockerfile;
    /** SHA-256 of each regular file's content, by path below the root, hashed while the context streamed in. */
    private final Map<String, byte[]> contentDigests;

    private BuildContext(Path root, String dockerfileName, String dockerfile, Map<String, byte[]> contentDigests) {
        this.root = root;
        this.dockerfileName = dockerfileName;
        this.dockerfile = dockerfile;
        this.contentDigests = contentDigests;
    }

    /**
     * Unpacks {@code body} into a new directory below {@code workDir}.
     *
     * @param dockerfilePath the {@code dockerfile} parameter (null: {@code Dockerfile})
     */
    public static BuildContext unpack(InputStream body, String dockerfilePath, Path workDir, LinuxFs fs)
            throws IOException {
        Files.createDirectories(workDir);
        Path root = Files.createTempDirectory(workDir, "context-");
        try {
            BufferedInputStream in = new BufferedInputStream(Decompression.decompress(body), 65536);
            String name = dockerfilePath == null || dockerfilePath.isEmpty() ? "Dockerfile" : dockerfilePath;
            if (!TarFiles.isTar(in)) {
                byte[] text = in.readNBytes(MAX_BARE_DOCKERFILE + 1);
                if (text.length > MAX_BARE_DOCKERFILE) {
                    throw EngineException.invalid("the Dockerfile sent is larger than %d bytes", MAX_BARE_DOCKERFILE);
                }
                return new BuildContext(root, "Dockerfile", new String(text, StandardCharsets.UTF_8), Map.of());
            }
            Map<String, byte[]> digests = new HashMap<>();
            new LayerApplier(WhiteoutMode.DELETE, fs).apply(in, root, digests);
            String dockerfile = readDockerfile(root, name);
            applyIgnoreFile(root, name);
            return new BuildContext(root, name, dockerfile, digests);
        } catch (IOException | RuntimeException e) {
            DirectoryTrees.delete(root);
            throw e;
        }
    }

    private static String readDockerfile(Path root, String name) throws IOException {
        Path file = ContextPaths.inside(root, name);
        if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw EngineException.invalid("Cannot locate specified Dockerfile: %s", name);
        }
        if (Files.size(file) > MAX_BARE_DOCKERFILE) {
            throw EngineException.invalid("the Dockerfile is larger than %d bytes", MAX_BARE_DOCKERFILE);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** {@code <Dockerfile>.dockerignore} next to the Dockerfile wins over the context's {@code .dockerignore}. */
    private static void applyIgnoreFile(Path root, String dockerfileName) throws IOException {
        Path specific = ContextPaths.inside(root, dockerfileName + ".dockerignore");
        Path general = root.resolve(".dockerignore");
        Path file = specific != null && Files.isRegularFile(specific, LinkOption.NOFOLLOW_LINKS) ? specific
                : Files.isRegularFile(general, LinkOption.NOFOLLOW_LINKS) ? general : null;
        if (file == null) {
            return;
        }
        DockerIgnore ignore;
        try {
            ignore = DockerIgnore.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("failed to parse %s: %s", root.relativize(file), e.getMessage());
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
                if (ignore.excludes(root.relativize(path).toString())) {
                    Files.delete(path);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (!dir.equals(root) && ignore.excludes(root.relativize(dir).toString())) {
                    try (var children = Files.list(dir)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(dir); // an excluded directory stays only for re-included files in it
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public Path root() {
        return root;
    }

    public String dockerfileName() {
        return dockerfileName;
    }

    public String dockerfile() {
        return dockerfile;
    }

    /**
     * The SHA-256 of the content of {@code file} as it streamed in, or null when not known (not below the root by
     * that name, or not a regular file the context's tar wrote there); the caller then reads the file itself.
     */
    byte[] contentDigest(Path file) {
        if (!file.startsWith(root) || file.equals(root)) {
            return null;
        }
        return contentDigests.get(root.relativize(file).toString());
    }

    @Override
    public void close() throws IOException {
        DirectoryTrees.delete(root);
    }
}
