package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * docker cp's three operations on a container's files: stat, archive and extract. Each one mounts the container's
 * root filesystem for its duration (running or not) and resolves paths inside it as the container sees them.
 */
public final class ContainerFiles {
    private final ContainerService containers;
    private final Supplier<EventBus> events;
    private final boolean freezeWhileCopying;

    /**
     * @param freezeWhileCopying freeze a running container while writing into it (as well as working through
     *                           descriptors); off only for the test that proves the descriptors alone suffice
     */
    public ContainerFiles(ContainerService containers, Supplier<EventBus> events, boolean freezeWhileCopying) {
        this.containers = containers;
        this.events = events;
        this.freezeWhileCopying = freezeWhileCopying;
    }

    /** The stat of {@code path} (HEAD /containers/{id}/archive). */
    public PathStat stat(String name, String path) throws IOException {
        checkPath(path);
        ContainerInfo container = containers.get(name);
        try (Mounted mounted = mount(container)) {
            ContainerPath resource = existing(mounted.fs(), name, path);
            return resource.pathStat(mounted.fs());
        }
    }

    /** An archive about to be streamed; {@link #writeTo} must be called once, and releases the mount. */
    public final class Archive {
        private final Mounted mounted;
        private final ContainerPath resource;
        private final PathStat stat;

        private Archive(Mounted mounted, ContainerPath resource, PathStat stat) {
            this.mounted = mounted;
            this.resource = resource;
            this.stat = stat;
        }

        public PathStat stat() {
            return stat;
        }

        public void writeTo(OutputStream out) throws IOException {
            try (mounted) {
                ResourceArchiver.write(mounted.fs(), resource, out);
            }
            out.flush();
        }

        /** For an archive that will not be written after all (the response failed before streaming). */
        public void discard() {
            mounted.close();
        }
    }

    /** Resolves and stats {@code path}, keeping the root filesystem mounted for the archive (GET). */
    public Archive archive(String name, String path) throws IOException {
        checkPath(path);
        ContainerInfo container = containers.get(name);
        Mounted mounted = mount(container);
        try {
            ContainerPath resource = existing(mounted.fs(), name, path);
            Archive archive = new Archive(mounted, resource, resource.pathStat(mounted.fs()));
            ContainerEvents.publish(events.get(), container, "archive-path");
            return archive;
        } catch (IOException | RuntimeException e) {
            mounted.close();
            throw e;
        }
    }

    /** Extracts a (possibly compressed) tar into the directory {@code path} (PUT). */
    public void extract(String name, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid)
            throws IOException {
        checkPath(path);
        ContainerInfo container = containers.get(name);
        try (Mounted mounted = mount(container);
             ContainerService.Frozen frozen = freezeWhileCopying ? containers.freezeForFileCopy(container.id())
                     : null) {
            extract(container, mounted.fs(), path, tar, noOverwriteDirNonDir, copyUidGid);
        }
        ContainerEvents.publish(events.get(), container, "extract-to-dir");
    }

    private static void extract(ContainerInfo container, ContainerFilesystem fs, String path, InputStream tar,
                                boolean noOverwriteDirNonDir, boolean copyUidGid) throws IOException {
        // the extraction point may be a symbolic link to a directory: Docker follows the last one too. It is
        // opened once: every name of the tar resolves from that very directory, whatever the container renames
        ContainerFilesystem.Anchor target;
        try {
            target = fs.anchor(ContainerPaths.clean("/" + path));
        } catch (ContainerFilesystem.NotADirectoryException e) {
            throw EngineException.invalid("extraction point is not a directory");
        }
        if (target == null) {
            throw notFound(path, container.name());
        }
        try (target) {
            extractInto(container, fs, target, tar, noOverwriteDirNonDir, copyUidGid);
        }
    }

    private static void extractInto(ContainerInfo container, ContainerFilesystem fs, ContainerFilesystem.Anchor target,
                                    InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid)
            throws IOException {
        ContainerFilesystem.Mount mount = target.directory().mount();
        if (target.directory().readOnly()) {
            throw EngineException.invalid(mount != null ? "mounted volume is marked read-only"
                    : "container rootfs is marked read-only");
        }
        ArchiveExtractor.Owner owner = null;
        String user = container.config() == null ? null : container.config().user();
        if (copyUidGid && user != null && !user.isEmpty()) {
            owner = ContainerUsers.lookup(fs, user);
        }
        InputStream plain;
        try {
            plain = io.wharf.archive.Decompression.decompress(tar);
        } catch (IOException e) {
            throw EngineException.invalid("invalid archive: %s", e.getMessage());
        }
        try {
            ArchiveExtractor.extract(fs, target, plain,
                    new ArchiveExtractor.Options(noOverwriteDirNonDir, owner));
        } catch (ArchiveExtractor.InvalidArchiveException | ArchiveExtractor.ReadOnlyException
                 | ContainerFilesystem.NotADirectoryException e) {
            throw EngineException.invalid("%s", e.getMessage());
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Read-only file system")) {
                throw EngineException.invalid(mount != null ? "mounted volume is marked read-only"
                        : "container rootfs is marked read-only");
            }
            throw e;
        }
    }

    private static void checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw EngineException.invalid("path cannot be empty");
        }
    }

    private static ContainerPath existing(ContainerFilesystem fs, String name, String path) throws IOException {
        ContainerPath resource = ContainerPath.lookup(fs, path);
        if (!resource.exists()) {
            throw notFound(path, name);
        }
        return resource;
    }

    private static EngineException notFound(String path, String name) {
        return EngineException.notFound("Could not find the file %s in container %s", path, name);
    }

    private Mounted mount(ContainerInfo container) throws IOException {
        Path rootfs = containers.mountRootfs(container.id());
        try {
            return new Mounted(container.id(), new ContainerFilesystem(rootfs, container.mounts(),
                    container.readonlyRootfs()));
        } catch (IOException | RuntimeException e) {
            containers.releaseRootfs(container.id());
            throw e;
        }
    }

    /** A mounted root filesystem; closing releases it, once. */
    private final class Mounted implements AutoCloseable {
        private final String id;
        private final ContainerFilesystem fs;
        private boolean released;

        Mounted(String id, ContainerFilesystem fs) {
            this.id = id;
            this.fs = fs;
        }

        ContainerFilesystem fs() {
            return fs;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                fs.close();
                containers.releaseRootfs(id);
            }
        }
    }
}
