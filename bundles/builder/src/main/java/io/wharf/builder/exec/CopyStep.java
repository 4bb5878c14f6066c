package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * COPY and ADD of local files: the sources (from the context, or with {@code --from} from another stage's or an
 * image's root filesystem) are written into a container of the stage's image with Docker's destination rules
 * (a trailing slash or several sources make a directory; a directory source copies its contents), then the
 * container's changes become the step's layer.
 */
final class CopyStep {
    private final StepContainers steps;
    private final LinuxFs fs;

    CopyStep(StepContainers steps, LinuxFs fs) {
        this.steps = steps;
        this.fs = fs;
    }

    /** Where sources come from: a directory the daemon holds, and what to release afterwards. */
    static final class SourceRoot implements AutoCloseable {
        private final Path path;
        private final Runnable release;

        SourceRoot(Path path, Runnable release) {
            this.path = path;
            this.release = release;
        }

        Path path() {
            return path;
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /** Mounts the root filesystem of {@code image} (a stage's result or a named image) for reading sources. */
    SourceRoot mountImage(Image image, Stage stage, BuildRequest request) {
        String id = steps.create(image, stage, List.of("/bin/true"), List.of(), request);
        try {
            Path mounted = steps.containers().mountRootfs(id);
            return new SourceRoot(mounted, () -> {
                try {
                    steps.containers().releaseRootfs(id);
                } finally {
                    steps.removeQuietly(id);
                }
            });
        } catch (RuntimeException e) {
            steps.removeQuietly(id);
            throw e;
        }
    }

    /**
     * Copies and returns the diff ID of the step's layer.
     *
     * @param dest the destination as written (after substitution), relative to the stage's WORKDIR
     */
    Digest copy(Image image, Stage stage, List<Path> sources, String dest, String chown, Integer chmod,
                Predicate<Path> extractArchives, BuildRequest request) throws IOException {
        return inContainer(image, stage, request, mounted -> write(mounted, stage, sources, dest, chown, chmod,
                extractArchives));
    }

    /** WORKDIR: makes the directory (and its parents) as root, as the classic builder does. */
    Digest makeDirectory(Image image, Stage stage, String path, BuildRequest request) throws IOException {
        return inContainer(image, stage, request, mounted -> {
            try (RootfsWriter writer = new RootfsWriter(mounted, null, null);
                 DirectoryHandle made = writer.directory(path)) {
                // made, or already there
            }
        });
    }

    private interface RootfsWork {
        void apply(Path mounted) throws IOException;
    }

    private Digest inContainer(Image image, Stage stage, BuildRequest request, RootfsWork work)
            throws IOException {
        String id = steps.create(image, stage, List.of("/bin/true"), List.of(), request);
        try {
            Path mounted = steps.containers().mountRootfs(id);
            try {
                work.apply(mounted);
            } finally {
                steps.containers().releaseRootfs(id);
            }
            return steps.commitLayer(id, image);
        } finally {
            steps.removeQuietly(id);
        }
    }

    /**
     * COPY of context sources ({@code ""}: the whole context) taken from the context's tar as it streams
     * ({@link ContextStreamCopy}), without unpacking the context; the same result as {@link #copy}. Several
     * sources must {@linkplain ContextIndex#disjoint write disjoint paths}.
     */
    Digest copyFromContext(Image image, Stage stage, BuildContext context, List<String> sources, String dest,
                           String chown, Integer chmod, BuildRequest request) throws IOException {
        ContextIndex index = context.index();
        return inContainer(image, stage, request, mounted -> withWriter(mounted, chown, chmod, writer -> {
            String target = absolute(stage, dest);
            requireDirectoryForSeveral(sources.size(), dest);
            String source = sources.get(0);
            try (InputStream tar = context.openTar()) {
                if (sources.size() > 1 || index.entry(source).isDirectory()) {
                    try (DirectoryHandle dir = writer.directory(target)) {
                        ContextStreamCopy.several(tar, index, sources, writer, dir);
                    }
                } else {
                    Destination to = fileDestination(writer, target, dest, false,
                            source.substring(source.lastIndexOf('/') + 1));
                    try (DirectoryHandle dir = writer.directory(to.directory())) {
                        ContextStreamCopy.single(tar, index, source, writer, dir, to.name());
                    }
                }
            }
        }));
    }

    private static void requireDirectoryForSeveral(int sources, String dest) {
        if (sources > 1 && !(dest.endsWith("/") || dest.endsWith("/."))) {
            throw EngineException.invalid("When using COPY with more than one source file, the "
                    + "destination must be a directory and end with a /");
        }
    }

    private interface WriterWork {
        void apply(RootfsWriter writer) throws IOException;
    }

    /** A writer for the mounted root with the copy's owner ({@code --chown} names resolved in its files). */
    private static void withWriter(Path mounted, String chown, Integer chmod, WriterWork work) throws IOException {
        try (RootfsWriter probe = new RootfsWriter(mounted, null, null)) {
            RootfsWriter.Owner owner = chown == null || chown.isEmpty() ? null
                    : Ownership.resolve(chown, probe.readFile("/etc/passwd"), probe.readFile("/etc/group"));
            try (RootfsWriter writer = new RootfsWriter(mounted, owner, chmod)) {
                work.apply(writer);
            }
        }
    }

    /** Where a file or link goes: a directory and the name in it. */
    private record Destination(String directory, String name) {
    }

    /**
     * Docker's rule for a file source: into the destination as a directory when it ends with a slash, when there
     * are several sources or when it is a directory already; otherwise as the destination's path itself.
     */
    private static Destination fileDestination(RootfsWriter writer, String target, String dest, boolean several,
                                               String sourceName) throws IOException {
        if (dest.endsWith("/") || dest.endsWith("/.") || several || writer.isDirectory(target)) {
            return new Destination(target, sourceName);
        }
        List<String> parts = RootfsWriter.components(target);
        return new Destination("/" + String.join("/", parts.subList(0, parts.size() - 1)),
                parts.get(parts.size() - 1));
    }

    private void write(Path mounted, Stage stage, List<Path> sources, String dest, String chown, Integer chmod,
                       Predicate<Path> extractArchives) throws IOException {
        withWriter(mounted, chown, chmod, writer -> {
            String target = absolute(stage, dest);
            requireDirectoryForSeveral(sources.size(), dest);
            boolean several = sources.size() > 1;
            for (Path source : sources) {
                boolean directory = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
                if (extractArchives.test(source) && TarFiles.isArchive(source)) {
                    try (DirectoryHandle dir = writer.directory(target)) {
                        writer.extract(source, dir, fs);
                    }
                } else if (directory) {
                    try (DirectoryHandle dir = writer.directory(target)) {
                        writer.copyChildren(source, dir);
                    }
                } else {
                    Destination to = fileDestination(writer, target, dest, several,
                            source.getFileName().toString());
                    try (DirectoryHandle dir = writer.directory(to.directory())) {
                        writer.copy(source, dir, to.name());
                    }
                }
            }
        });
    }

    /** The destination as an absolute path: relative ones start at the stage's WORKDIR. */
    static String absolute(Stage stage, String dest) {
        if (dest.startsWith("/")) {
            return dest;
        }
        String workdir = stage.config.workingDir() == null || stage.config.workingDir().isEmpty() ? "/"
                : stage.config.workingDir();
        return workdir.endsWith("/") ? workdir + dest : workdir + "/" + dest;
    }
}
