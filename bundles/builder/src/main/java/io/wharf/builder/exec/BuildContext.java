package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.errors.InvalidInputException;
import io.wharf.archive.Decompression;
import io.wharf.archive.DirectoryTrees;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.WhiteoutMode;
import io.wharf.builder.ignore.DockerIgnore;
import io.wharf.linux.LinuxFs;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * A build context as it streamed in: the client's tar (any compression), indexed as it passes ({@link ContextIndex}:
 * each file's metadata and content digest) and spooled ({@link ContextSpool}), or a bare Dockerfile. The files are
 * unpacked into a private directory only when a step first needs them (a COPY/ADD that misses the cache), through
 * the archive library's capped, root-confined extraction; a build that hits the cache throughout never writes them.
 * Files the {@code .dockerignore} excludes are gone from both views before any step sees the context. Closing
 * deletes the spool and the directory.
 */
public final class BuildContext implements AutoCloseable {
    /** A Dockerfile sent bare is read whole; this bounds it (Docker's CLI sends a few KiB). */
    private static final int MAX_BARE_DOCKERFILE = 4 << 20;

    private final Path workDir;
    private final LinuxFs fs;
    private final ContextSpool spool;
    /** Null when the index cannot describe the context exactly: then it was unpacked at once. */
    private final ContextIndex index;
    private final String dockerfileName;
    private String dockerfile;
    private Path root;

    private BuildContext(Path workDir, LinuxFs fs, ContextSpool spool, ContextIndex index, String dockerfileName) {
        this.workDir = workDir;
        this.fs = fs;
        this.spool = spool;
        this.index = index;
        this.dockerfileName = dockerfileName;
    }

    /**
     * Reads {@code body} to its end, indexing and spooling it below {@code workDir}. A context that cannot be read
     * (a tar or compressed stream that is corrupt or cut short) is the client's error, 400 with what is wrong: it
     * is found before the build says anything.
     *
     * @param dockerfilePath the {@code dockerfile} parameter (null: {@code Dockerfile})
     */
    public static BuildContext receive(InputStream body, String dockerfilePath, Path workDir, LinuxFs fs)
            throws IOException {
        try {
            return read(body, dockerfilePath, workDir, fs);
        } catch (InvalidInputException e) {
            throw new EngineException(ErrorKind.INVALID_PARAMETER, e.getMessage(), e);
        }
    }

    private static BuildContext read(InputStream body, String dockerfilePath, Path workDir, LinuxFs fs)
            throws IOException {
        if (!Files.isDirectory(workDir)) { // a stat: createDirectories throws (twice) when it exists
            Files.createDirectories(workDir);
        }
        BufferedInputStream in = new BufferedInputStream(Decompression.decompress(body), 65536);
        String name = dockerfilePath == null || dockerfilePath.isEmpty() ? "Dockerfile" : dockerfilePath;
        ContextSpool spool = new ContextSpool(workDir, ContextSpool.DEFAULT_MEMORY_LIMIT);
        if (!TarFiles.isTar(in)) {
            byte[] text = in.readNBytes(MAX_BARE_DOCKERFILE + 1);
            if (text.length > MAX_BARE_DOCKERFILE) {
                throw EngineException.invalid("the Dockerfile sent is larger than %d bytes", MAX_BARE_DOCKERFILE);
            }
            spool.close();
            BuildContext bare = new BuildContext(workDir, fs, spool, ContextIndex.empty(), "Dockerfile");
            bare.dockerfile = new String(text, StandardCharsets.UTF_8);
            return bare;
        }
        String rel = relative(name);
        Set<String> keep = new HashSet<>(Set.of(".dockerignore"));
        if (rel != null) {
            keep.add(rel);
            keep.add(rel + ".dockerignore");
        }
        ContextIndex index;
        try (OutputStream copy = spool) {
            index = ContextIndex.read(new Tee(in, copy), keep, MAX_BARE_DOCKERFILE);
        } catch (IOException | RuntimeException e) {
            spool.discard();
            throw e;
        }
        BuildContext context = new BuildContext(workDir, fs, spool, index.exact() ? index : null, name);
        try {
            if (index.exact()) {
                context.dockerfile = fromIndex(index, rel, name);
                context.applyIgnoreToIndex(rel);
            } else {
                context.root(); // reads the Dockerfile and applies the ignore file on disk
            }
            return context;
        } catch (IOException | RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** A context-relative name from the client, or null when it names the root or climbs out of it. */
    private static String relative(String name) {
        String rel = ContextIndex.clean(name.startsWith("/") ? name.substring(1) : name);
        return rel == null || rel.isEmpty() ? null : rel;
    }

    private static String fromIndex(ContextIndex index, String rel, String name) {
        ContextIndex.Entry entry = rel == null ? null : index.entry(rel);
        if (entry == null || entry.type() != 'f') {
            throw EngineException.invalid("Cannot locate specified Dockerfile: %s", name);
        }
        byte[] text = index.keptContent(rel);
        if (text == null) {
            throw EngineException.invalid("the Dockerfile is larger than %d bytes", MAX_BARE_DOCKERFILE);
        }
        return new String(text, StandardCharsets.UTF_8);
    }

    /** {@code <Dockerfile>.dockerignore} next to the Dockerfile wins over the context's {@code .dockerignore}. */
    private void applyIgnoreToIndex(String rel) {
        String specific = rel + ".dockerignore";
        String file = index.keptContent(specific) != null ? specific
                : index.keptContent(".dockerignore") != null ? ".dockerignore" : null;
        if (file == null) {
            ContextIndex.Entry general = index.entry(".dockerignore");
            if (general != null && general.type() == 'f') {
                throw EngineException.invalid("the .dockerignore is larger than %d bytes", MAX_BARE_DOCKERFILE);
            }
            return;
        }
        index.applyIgnore(parseIgnore(new String(index.keptContent(file), StandardCharsets.UTF_8), file));
    }

    private static DockerIgnore parseIgnore(String text, String file) {
        try {
            return DockerIgnore.parse(text);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("failed to parse %s: %s", file, e.getMessage());
        }
    }

    /** The context's files on disk, unpacked from the spool the first time they are asked for. */
    public synchronized Path root() throws IOException {
        if (root != null) {
            return root;
        }
        Path dir = Files.createTempDirectory(workDir, "context-");
        try {
            try (InputStream tar = spool.open()) {
                new LayerApplier(WhiteoutMode.DELETE, fs).apply(tar, dir);
            }
            if (dockerfile == null) {
                dockerfile = readDockerfile(dir, dockerfileName);
            }
            applyIgnoreFile(dir, dockerfileName);
        } catch (IOException | RuntimeException e) {
            DirectoryTrees.delete(dir);
            throw e;
        }
        root = dir;
        return root;
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

    private static void applyIgnoreFile(Path root, String dockerfileName) throws IOException {
        Path specific = ContextPaths.inside(root, dockerfileName + ".dockerignore");
        Path general = root.resolve(".dockerignore");
        Path file = specific != null && Files.isRegularFile(specific, LinkOption.NOFOLLOW_LINKS) ? specific
                : Files.isRegularFile(general, LinkOption.NOFOLLOW_LINKS) ? general : null;
        if (file == null) {
            return;
        }
        DockerIgnore ignore = parseIgnore(Files.readString(file, StandardCharsets.UTF_8),
                root.relativize(file).toString());
        // a directory keeps the times its tar entry gave it, as if the client had left the excluded files out
        java.util.Map<Path, BasicFileAttributes> touched = new java.util.HashMap<>();
        java.util.Map<Path, BasicFileAttributes> entered = new java.util.HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                entered.put(dir, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
                if (ignore.excludes(root.relativize(path).toString())) {
                    Files.delete(path);
                    touched.put(path.getParent(), entered.get(path.getParent()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (!dir.equals(root) && ignore.excludes(root.relativize(dir).toString())) {
                    try (var children = Files.list(dir)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(dir); // an excluded directory stays only for re-included files in it
                            touched.remove(dir);
                            touched.put(dir.getParent(), entered.get(dir.getParent()));
                        }
                    }
                }
                BasicFileAttributes before = touched.remove(dir);
                if (before != null) {
                    Files.getFileAttributeView(dir, java.nio.file.attribute.BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).setTimes(before.lastModifiedTime(), before.lastAccessTime(),
                            null);
                }
                entered.remove(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The index of the context's files, or null when only the unpacked files describe it exactly (a tar that
     * writes through its own symbolic links, say): then sources are resolved and hashed on disk.
     */
    ContextIndex index() {
        return index;
    }

    /** The context's (decompressed) tar again, from the spool; only for a context that came as a tar. */
    InputStream openTar() throws IOException {
        return spool.open();
    }

    /** Where steps put their temporary files (here-documents, scripts): next to the context, not in it. */
    Path scratchDir() {
        return workDir;
    }

    public String dockerfileName() {
        return dockerfileName;
    }

    public String dockerfile() {
        return dockerfile;
    }

    @Override
    public synchronized void close() throws IOException {
        spool.discard();
        if (root != null) {
            DirectoryTrees.delete(root);
        }
    }

    /** Copies what is read from the context into the spool, so the tar streams in once. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(n, 65536)])); // skipped bytes must reach the spool too
        }
    }
}
