package io.wharf.storage.vfs;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.DirectoryTrees;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.LayerChanges;
import io.wharf.archive.LayerDiffer;
import io.wharf.archive.LayerIds;
import io.wharf.archive.WhiteoutMode;
import io.wharf.linux.FilesystemMagic;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vfs driver: every layer is a full copy of its parent with its own diff applied, so it works on any
 * filesystem at the price of disk space. Layout under home: {@code dir/<id>/} is the layer's root filesystem,
 * {@code parents/<id>} names its parent (empty for a base layer), {@code tmp/} holds layers being built or
 * removed, so {@code dir/<id>} only ever appears complete.
 */
final class VfsDriver implements StorageDriver {
    private final Path home;
    private final Path layers;
    private final Path parents;
    private final Path staging;
    private final LinuxFs fs;
    private final Map<String, Integer> mountCounts = new HashMap<>();

    VfsDriver(Path home, LinuxFs fs) throws IOException {
        this.home = home;
        this.fs = fs;
        this.layers = Files.createDirectories(home.resolve("dir"));
        this.parents = Files.createDirectories(home.resolve("parents"));
        this.staging = home.resolve("tmp");
        DirectoryTrees.delete(staging); // leftovers of builds or removals cut short by a crash
        Files.createDirectories(staging);
    }

    @Override
    public String name() {
        return "vfs";
    }

    @Override
    public List<Map.Entry<String, String>> status() {
        String backing;
        try {
            backing = FilesystemMagic.name(fs.filesystemType(home));
        } catch (IOException e) {
            backing = "unknown";
        }
        return List.of(Map.entry("Backing Filesystem", backing));
    }

    @Override
    public boolean exists(String id) {
        return Files.isDirectory(layerDir(id));
    }

    @Override
    public long applyDiff(String id, String parentId, InputStream tar) throws IOException {
        return create(id, parentId, tar);
    }

    @Override
    public void createReadWrite(String id, String parentId) throws IOException {
        create(id, parentId, null);
    }

    /** Copies the parent and applies the tar in a staging directory, then renames the result into place. */
    private long create(String id, String parentId, InputStream tar) throws IOException {
        if (exists(id)) {
            throw new IOException("layer " + id + " already exists");
        }
        Path parentDir = parentId == null ? null : existingLayerDir(parentId);
        Path work = Files.createTempDirectory(staging, id + "-");
        try {
            Path rootfs = Files.createDirectory(work.resolve("rootfs"));
            if (parentDir != null) {
                DirectoryTrees.copy(fs, parentDir, rootfs);
            }
            long size = 0;
            if (tar != null) {
                try {
                    size = new LayerApplier(WhiteoutMode.DELETE, fs).apply(tar, rootfs);
                } catch (IOException e) {
                    throw new IOException("cannot apply layer " + id + ": " + e.getMessage(), e);
                }
            }
            Path parentFile = work.resolve("parent");
            Files.writeString(parentFile, parentId == null ? "" : parentId, StandardCharsets.UTF_8);
            Files.move(parentFile, parents.resolve(id), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(rootfs, layerDir(id), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(parents.resolve(id));
                throw e;
            }
            return size;
        } finally {
            DirectoryTrees.delete(work);
        }
    }

    @Override
    public synchronized Path mount(String id, String mountLabel) throws IOException {
        Path dir = existingLayerDir(id);
        mountCounts.merge(id, 1, Integer::sum);
        return dir; // nothing to mount: the layer directory is already the merged view
    }

    /** Releases one mount; releasing a layer that is not mounted is a no-op. */
    @Override
    public synchronized void unmount(String id) {
        mountCounts.computeIfPresent(LayerIds.check(id, Set.of()), (k, count) -> count > 1 ? count - 1 : null);
    }

    @Override
    public InputStream diff(String id) throws IOException {
        Path dir = existingLayerDir(id);
        return new LayerDiffer(fs).difference(parentDirOf(id), dir);
    }

    @Override
    public List<Change> changes(String id) throws IOException {
        Path dir = existingLayerDir(id);
        return LayerChanges.between(parentDirOf(id), dir);
    }

    @Override
    public long size(String id) throws IOException {
        Path dir = existingLayerDir(id);
        return LayerChanges.contentSize(parentDirOf(id), dir);
    }

    @Override
    public synchronized void remove(String id) throws IOException {
        if (mountCounts.containsKey(LayerIds.check(id, Set.of()))) {
            throw new IOException("layer " + id + " is in use: it is still mounted");
        }
        if (exists(id)) {
            // out of sight first, so a half-deleted tree is never taken for a layer
            Path doomed = staging.resolve(id + "-removing-" + System.nanoTime());
            Files.move(layerDir(id), doomed, StandardCopyOption.ATOMIC_MOVE);
            DirectoryTrees.delete(doomed);
        }
        Files.deleteIfExists(parents.resolve(id));
    }

    @Override
    public synchronized void close() {
        mountCounts.clear();
    }

    private Path layerDir(String id) {
        return layers.resolve(LayerIds.check(id, Set.of()));
    }

    private Path existingLayerDir(String id) throws IOException {
        Path dir = layerDir(id);
        if (!Files.isDirectory(dir)) {
            throw new IOException("layer " + id + " does not exist");
        }
        return dir;
    }

    /** The parent's directory, or null for a base layer. */
    private Path parentDirOf(String id) throws IOException {
        String parentId = Files.readString(parents.resolve(id), StandardCharsets.UTF_8).trim();
        return parentId.isEmpty() ? null : existingLayerDir(parentId);
    }
}
