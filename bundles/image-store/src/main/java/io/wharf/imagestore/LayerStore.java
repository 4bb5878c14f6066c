package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Layer;
import io.wharf.api.model.Digest;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.DirectoryTrees;
import io.wharf.support.AtomicFiles;
import io.wharf.support.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only layers by chain ID and read-write layers by container ID, on top of a {@link StorageDriver}.
 *
 * <p>On disk, under {@code <root>}: {@code sha256/<chain-hex>/layer.json} (diff ID, parent chain ID, size,
 * driver layer ID, reference count) and {@code sha256/<chain-hex>/layer.tar} (the layer's original uncompressed
 * tar, kept so that {@code docker save} reproduces the diff ID byte for byte), {@code mounts/<container-id>.json}
 * for read-write layers, {@code tmp/} for work in progress (emptied at start).
 *
 * <p>References are counted as Docker's layer store does: each image holds its top layer, each layer holds its
 * parent, each read-write layer holds the layer it sits on. Releasing the last reference removes the layer and
 * releases its parent. Counts are written to disk and recomputed at start so a crash cannot leak or lose layers;
 * a read-write layer's reference is not written (its {@code mounts/} file is what the count at start finds), which
 * spares every container create and removal a durable write under this store's lock.
 *
 * <p>A layer whose {@code layer.json} cannot be read at start is quarantined: moved to {@code quarantine/}, logged,
 * and reported by whatever needs it. Its parent is unknown, so while any layer is quarantined no layer is removed
 * for want of references: each such layer keeps one reference on behalf of the quarantined ones.
 *
 * <p>Turning tars into layers is {@link LayerRegistrar}'s work, keeping quarantined layers {@link LayerQuarantine}'s;
 * this class keeps which layers exist and who holds them.
 */
public final class LayerStore {
    private static final Logger LOG = LoggerFactory.getLogger(LayerStore.class);

    /** layer.json */
    public record LayerMeta(@JsonProperty("diff_id") String diffId, @JsonProperty("chain_id") String chainId,
                            @JsonProperty("parent") String parent, @JsonProperty("size") long size,
                            @JsonProperty("cache_id") String cacheId, @JsonProperty("references") int references) {
    }

    /** mounts/&lt;id&gt;.json */
    public record MountMeta(@JsonProperty("container_id") String containerId, @JsonProperty("parent") String parent,
                            @JsonProperty("image") String image) {
    }

    private static final class Entry {
        final Layer layer;
        int references;

        Entry(Layer layer, int references) {
            this.layer = layer;
            this.references = references;
        }
    }

    private final Path root;
    private final Path layersDir;
    private final Path mountsDir;
    private final Path tmpDir;
    private final StorageDriver driver;
    private final Map<Digest, Entry> layers = new HashMap<>();
    private final Map<String, MountMeta> mounts = new HashMap<>();
    private final LayerQuarantine quarantine;
    private final LayerRegistrar registrar;

    public LayerStore(Path root, StorageDriver driver) throws IOException {
        this.root = root;
        this.layersDir = root.resolve("sha256");
        this.mountsDir = root.resolve("mounts");
        this.tmpDir = root.resolve("tmp");
        this.quarantine = new LayerQuarantine(root.resolve("quarantine"));
        this.driver = driver;
        this.registrar = new LayerRegistrar(driver, tmpDir, this::get, this::commit);
        Files.createDirectories(layersDir);
        Files.createDirectories(mountsDir);
        DirectoryTrees.delete(tmpDir);
        Files.createDirectories(tmpDir);
        loadFromDisk();
    }

    private void loadFromDisk() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layersDir)) {
            for (Path dir : dirs) {
                Path json = dir.resolve("layer.json");
                if (!Files.isRegularFile(json)) {
                    Cleanup.deleteTreeQuietly(dir);
                    continue;
                }
                try {
                    LayerMeta meta = Json.WITHOUT_NULLS.readValue(json.toFile(), LayerMeta.class);
                    Layer layer = new Layer(Digest.parse(meta.diffId()), Digest.parse(meta.chainId()),
                            meta.parent() == null ? null : Digest.parse(meta.parent()), meta.size());
                    if (!layer.chainId().hex().equals(dir.getFileName().toString())) {
                        throw new IOException("it names layer " + layer.chainId());
                    }
                    layers.put(layer.chainId(), new Entry(layer, meta.references()));
                } catch (IOException | RuntimeException e) {
                    quarantine.quarantine(dir, e);
                }
            }
        }
        quarantine.loadEarlier(layers::containsKey);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(mountsDir, "*.json")) {
            for (Path file : files) {
                try {
                    MountMeta meta = Json.WITHOUT_NULLS.readValue(file.toFile(), MountMeta.class);
                    mounts.put(meta.containerId(), meta);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("ignoring unreadable mount metadata {}: {}", file, e.toString());
                }
            }
        }
    }

    /** Why the layer cannot be used, or null: it was quarantined at start. */
    public synchronized String quarantineReason(Digest chainId) {
        return quarantine.reason(chainId);
    }

    /**
     * Recomputes reference counts from the layers' parents, the read-write layers and the images' top layers,
     * then removes layers nobody holds (left over by an interrupted pull, load or removal). While layers are
     * quarantined nothing is removed: a quarantined layer's parent is unknown and may be one of these.
     */
    public synchronized void initReferences(Collection<Digest> imageTopLayers) throws IOException {
        Map<Digest, Integer> counts = new HashMap<>();
        for (Entry e : layers.values()) {
            if (e.layer.parentChainId() != null) {
                counts.merge(e.layer.parentChainId(), 1, Integer::sum);
            }
        }
        for (MountMeta m : mounts.values()) {
            if (m.parent() != null) {
                counts.merge(Digest.parse(m.parent()), 1, Integer::sum);
            }
        }
        for (Digest top : imageTopLayers) {
            if (top != null) {
                counts.merge(top, 1, Integer::sum);
            }
        }
        for (Entry e : layers.values()) {
            int n = counts.getOrDefault(e.layer.chainId(), 0);
            if (n == 0 && !quarantine.isEmpty()) {
                n = 1; // held for the quarantined layers, which may sit on it
                LOG.warn("keeping unreferenced layer {}: {} layers are quarantined", e.layer.chainId(),
                        quarantine.size());
            }
            if (n != e.references) {
                e.references = n;
                writeMeta(e);
            }
        }
        // Orphans: a layer nobody holds. Removing one may orphan its parent, so loop.
        boolean removed = true;
        while (removed) {
            removed = false;
            for (Entry e : List.copyOf(layers.values())) {
                if (e.references <= 0) {
                    LOG.info("removing unreferenced layer {}", e.layer.chainId());
                    deleteLocked(e);
                    removed = true;
                }
            }
        }
    }

    public StorageDriver driver() {
        return driver;
    }

    public synchronized boolean has(Digest chainId) {
        return chainId != null && layers.containsKey(chainId);
    }

    public synchronized Layer get(Digest chainId) {
        Entry e = chainId == null ? null : layers.get(chainId);
        return e == null ? null : e.layer;
    }

    public synchronized int references(Digest chainId) {
        Entry e = layers.get(chainId);
        return e == null ? 0 : e.references;
    }

    public synchronized Map<Digest, Long> sizes() {
        Map<Digest, Long> result = new HashMap<>();
        layers.forEach((k, v) -> result.put(k, v.layer.size()));
        return result;
    }

    /** Stores a layer from an uncompressed tar, see {@link LayerRegistrar#register}. */
    public Layer register(Digest parentChainId, InputStream tar, Digest expectedDiffId) throws IOException {
        return registrar.register(parentChainId, tar, expectedDiffId);
    }

    /** Stores a pulled layer from its gzip blob, see {@link LayerRegistrar#registerCompressed}. */
    public Layer registerCompressed(Digest parentChainId, Path blob, Digest expectedDiffId) throws IOException {
        return registrar.registerCompressed(parentChainId, blob, expectedDiffId);
    }

    private Layer commit(Path work, Digest chainId, Digest diffId, Digest parent, long size) throws IOException {
        synchronized (this) {
            if (parent != null && !layers.containsKey(parent)) {
                LayerRegistrar.removeQuietly(driver, chainId.hex());
                throw EngineException.notFound("parent layer %s was removed meanwhile", parent);
            }
            Layer layer = new Layer(diffId, chainId, parent, size);
            Entry entry = new Entry(layer, 0);
            try {
                AtomicFiles.write(work.resolve("layer.json"), Json.WITHOUT_NULLS.writeValueAsBytes(meta(entry)));
                Path target = layersDir.resolve(chainId.hex());
                DirectoryTrees.delete(target);
                AtomicFiles.move(work, target);
            } catch (IOException | RuntimeException e) {
                LayerRegistrar.removeQuietly(driver, chainId.hex());
                throw e;
            }
            layers.put(chainId, entry);
            if (parent != null) {
                Entry p = layers.get(parent);
                p.references++;
                writeMeta(p);
            }
            return layer;
        }
    }

    private static LayerMeta meta(Entry e) {
        Layer l = e.layer;
        return new LayerMeta(l.diffId().toString(), l.chainId().toString(),
                l.parentChainId() == null ? null : l.parentChainId().toString(), l.size(), l.chainId().hex(),
                e.references);
    }

    private void writeMeta(Entry e) throws IOException {
        AtomicFiles.write(layersDir.resolve(e.layer.chainId().hex()).resolve("layer.json"),
                Json.WITHOUT_NULLS.writeValueAsBytes(meta(e)));
    }

    /** Takes a reference on a layer (an image now uses it as its top layer). */
    public synchronized void acquire(Digest chainId) throws IOException {
        Entry e = layers.get(chainId);
        if (e == null) {
            throw EngineException.notFound("layer %s does not exist", chainId);
        }
        e.references++;
        writeMeta(e);
    }

    /** Drops a reference; layers left without one are removed, down the chain. Returns the removed layers. */
    public synchronized List<Layer> release(Digest chainId) throws IOException {
        return releaseLocked(chainId, true);
    }

    /** @param writeCount false when the count on disk need not follow (recomputed at start from what holds it) */
    private List<Layer> releaseLocked(Digest chainId, boolean writeCount) throws IOException {
        List<Layer> removed = new ArrayList<>();
        Digest current = chainId;
        while (current != null) {
            Entry e = layers.get(current);
            if (e == null) {
                break;
            }
            e.references--;
            if (e.references > 0) {
                if (writeCount) {
                    writeMeta(e);
                }
                break;
            }
            removeFromDiskLocked(e);
            removed.add(e.layer);
            current = e.layer.parentChainId();
        }
        return removed;
    }

    /** Removes a layer nobody references (rollback of a failed load); its parent loses one reference. */
    public synchronized boolean removeIfUnused(Digest chainId) throws IOException {
        Entry e = layers.get(chainId);
        if (e == null || e.references > 0) {
            return false;
        }
        deleteLocked(e);
        return true;
    }

    private void deleteLocked(Entry e) throws IOException {
        removeFromDiskLocked(e);
        Digest parent = e.layer.parentChainId();
        if (parent != null) {
            Entry p = layers.get(parent);
            if (p != null) {
                p.references--;
                writeMeta(p);
            }
        }
    }

    private void removeFromDiskLocked(Entry e) throws IOException {
        Digest chainId = e.layer.chainId();
        driver.remove(chainId.hex());
        Path dir = layersDir.resolve(chainId.hex());
        if (Files.exists(dir)) {
            Path trash = tmpDir.resolve("removed-" + UUID.randomUUID());
            AtomicFiles.move(dir, trash);
            Cleanup.deleteTreeQuietly(trash);
        }
        layers.remove(chainId);
    }

    /** The layer's own content as the uncompressed tar it was made from; it hashes to the diff ID. */
    public InputStream openTar(Digest chainId) throws IOException {
        Path kept = keptTar(chainId);
        if (kept != null) {
            return new BufferedInputStream(Files.newInputStream(kept), 65536);
        }
        Path blob = keptBlob(chainId);
        if (blob != null) {
            return new java.util.zip.GZIPInputStream(Files.newInputStream(blob), 65536);
        }
        if (!has(chainId)) {
            throw missing(chainId);
        }
        return driver.diff(chainId.hex());
    }

    /** The kept original tar of the layer, or null. */
    public Path keptTar(Digest chainId) {
        Path p = layersDir.resolve(chainId.hex()).resolve(LayerRegistrar.KEPT_TAR);
        return Files.isRegularFile(p) ? p : null;
    }

    /** The kept original gzip blob of a pulled layer, or null. */
    public Path keptBlob(Digest chainId) {
        Path p = layersDir.resolve(chainId.hex()).resolve(LayerRegistrar.KEPT_BLOB);
        return Files.isRegularFile(p) ? p : null;
    }

    public Path tmpDir() {
        return tmpDir;
    }

    // --- read-write layers ---

    public synchronized void createReadWrite(String containerId, Digest parentChainId, Digest imageId)
            throws IOException {
        checkContainerId(containerId);
        if (mounts.containsKey(containerId)) {
            throw EngineException.conflict("a read-write layer for container %s already exists", containerId);
        }
        Entry parent = null;
        if (parentChainId != null) {
            parent = layers.get(parentChainId);
            if (parent == null) {
                throw missing(parentChainId);
            }
        }
        if (driver.exists(containerId)) {
            driver.remove(containerId);
        }
        driver.createReadWrite(containerId, hexOrNull(parentChainId));
        MountMeta meta = new MountMeta(containerId, parentChainId == null ? null : parentChainId.toString(),
                imageId == null ? null : imageId.toString());
        try {
            AtomicFiles.write(mountsDir.resolve(containerId + ".json"), Json.WITHOUT_NULLS.writeValueAsBytes(meta));
        } catch (IOException e) {
            LayerRegistrar.removeQuietly(driver, containerId);
            throw e;
        }
        mounts.put(containerId, meta);
        if (parent != null) {
            parent.references++; // not written: the mount file above is what holds it across a restart
        }
    }

    public synchronized boolean hasReadWrite(String containerId) {
        return mounts.containsKey(containerId);
    }

    /** Removes a container's read-write layer and releases what it sat on. Missing is not an error. */
    public synchronized List<Layer> removeReadWrite(String containerId) throws IOException {
        checkContainerId(containerId);
        MountMeta meta = mounts.get(containerId);
        driver.remove(containerId);
        if (meta == null) {
            return List.of();
        }
        Files.deleteIfExists(mountsDir.resolve(containerId + ".json"));
        AtomicFiles.syncDirectory(mountsDir);
        mounts.remove(containerId);
        return meta.parent() == null ? List.of() : releaseLocked(Digest.parse(meta.parent()), false);
    }

    private EngineException missing(Digest chainId) {
        String quarantine = quarantineReason(chainId);
        return quarantine != null ? EngineException.conflict("%s", quarantine)
                : EngineException.notFound("layer %s does not exist", chainId);
    }

    public void requireReadWrite(String containerId) {
        if (!hasReadWrite(containerId)) {
            throw EngineException.notFound("no read-write layer for container %s", containerId);
        }
    }

    private static void checkContainerId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || id.length() > 128) {
            throw EngineException.invalid("invalid container layer ID: %s", id);
        }
    }

    static String hexOrNull(Digest d) {
        return d == null ? null : d.hex();
    }

    public Path root() {
        return root;
    }
}
