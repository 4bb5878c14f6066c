package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Layer;
import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.CappedTarInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns tars into layers: streams each through the diff-ID hash into the storage driver, keeping the original
 * (tar or gzip blob) in a work folder, then hands the result to the {@link LayerStore} to commit. One
 * registration per chain ID runs at a time; a layer already stored is returned as is.
 */
final class LayerRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(LayerRegistrar.class);
    static final String KEPT_TAR = "layer.tar";
    static final String KEPT_BLOB = "layer.tar.gz";

    /** Makes an applied layer part of the store (its work folder becomes the layer's folder). */
    interface Committer {
        Layer commit(Path work, Digest chainId, Digest diffId, Digest parent, long size) throws IOException;
    }

    private final StorageDriver driver;
    private final Path tmpDir;
    private final Function<Digest, Layer> stored;
    private final Committer committer;
    private final Map<Digest, Object> registrationLocks = new ConcurrentHashMap<>();

    /**
     * @param stored    the stored layer with a chain ID, or null
     * @param committer commits an applied layer
     */
    LayerRegistrar(StorageDriver driver, Path tmpDir, Function<Digest, Layer> stored, Committer committer) {
        this.driver = driver;
        this.tmpDir = tmpDir;
        this.stored = stored;
        this.committer = committer;
    }

    /**
     * Stores a layer from an uncompressed tar. With an expected diff ID the tar flows through the hash straight
     * into the driver (and into the kept copy); without one it is first spooled to learn its diff ID, since the
     * driver's layer ID (the chain ID) depends on it.
     */
    Layer register(Digest parentChainId, InputStream tar, Digest expectedDiffId) throws IOException {
        requireParent(parentChainId);
        if (expectedDiffId == null) {
            return registerSpooled(parentChainId, tar);
        }
        Digest chainId = LayerChain.chainId(parentChainId, expectedDiffId);
        return once(chainId, work -> {
            long size;
            Digest actual;
            try (OutputStream copy = create(work.resolve(KEPT_TAR))) {
                HashingInputStream hashing = new HashingInputStream(tar, copy);
                size = applyHashed(chainId, parentChainId, hashing);
                copy.flush(); // no fsync of bulk layer data (nor does Docker): save re-checks the diff ID
                actual = hashing.digest();
            }
            checkDiffId(chainId, expectedDiffId, actual);
            return committer.commit(work, chainId, expectedDiffId, parentChainId, size);
        });
    }

    private Layer registerSpooled(Digest parentChainId, InputStream tar) throws IOException {
        Path work = Files.createTempDirectory(tmpDir, "layer-");
        try {
            Path tarCopy = work.resolve(KEPT_TAR);
            Digest diffId;
            try (OutputStream copy = create(tarCopy)) {
                HashingInputStream hashing = new HashingInputStream(tar, copy);
                // the tar's structure is checked as it is spooled: a hostile one stops here, not after gigabytes
                CappedTarInputStream.check(hashing);
                copy.flush(); // no fsync of bulk layer data (nor does Docker): save re-checks the diff ID
                diffId = hashing.digest();
            }
            Digest chainId = LayerChain.chainId(parentChainId, diffId);
            synchronized (lockFor(chainId)) {
                Layer existing = stored.apply(chainId);
                if (existing != null) {
                    return existing;
                }
                removeDriverLeftover(chainId);
                long size;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(tarCopy), 65536)) {
                    size = driver.applyDiff(chainId.hex(), LayerStore.hexOrNull(parentChainId), in);
                } catch (IOException | RuntimeException e) {
                    removeQuietly(driver, chainId.hex());
                    throw e;
                }
                return committer.commit(work, chainId, diffId, parentChainId, size);
            }
        } finally {
            Cleanup.deleteTreeQuietly(work);
        }
    }

    /**
     * Stores a pulled layer from its gzip blob. The blob is kept (hard-linked: no copy) as the layer's original,
     * so a pulled layer's bytes are written twice (download, extraction) rather than three times.
     */
    Layer registerCompressed(Digest parentChainId, Path blob, Digest expectedDiffId) throws IOException {
        requireParent(parentChainId);
        Digest chainId = LayerChain.chainId(parentChainId, expectedDiffId);
        return once(chainId, work -> {
            Path kept = work.resolve(KEPT_BLOB);
            try {
                Files.createLink(kept, blob);
            } catch (IOException | UnsupportedOperationException notSameFilesystem) {
                Files.copy(blob, kept);
            }
            long size;
            Digest actual;
            try (InputStream tar = new GZIPInputStream(Files.newInputStream(kept), 256 * 1024)) {
                HashingInputStream hashing = new HashingInputStream(tar, OutputStream.nullOutputStream());
                size = applyHashed(chainId, parentChainId, hashing);
                actual = hashing.digest();
            }
            checkDiffId(chainId, expectedDiffId, actual);
            return committer.commit(work, chainId, expectedDiffId, parentChainId, size);
        });
    }

    /** What registering does with a fresh work folder. */
    private interface LayerWork {
        Layer run(Path work) throws IOException;
    }

    /** Runs the work unless the layer is stored already, one registration of a chain ID at a time. */
    private Layer once(Digest chainId, LayerWork work) throws IOException {
        synchronized (lockFor(chainId)) {
            Layer existing = stored.apply(chainId);
            if (existing != null) {
                return existing;
            }
            Path dir = Files.createTempDirectory(tmpDir, "layer-");
            try {
                return work.run(dir);
            } finally {
                Cleanup.deleteTreeQuietly(dir);
            }
        }
    }

    private void requireParent(Digest parentChainId) {
        if (parentChainId != null && stored.apply(parentChainId) == null) {
            throw EngineException.notFound("parent layer %s does not exist", parentChainId);
        }
    }

    private static OutputStream create(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new BufferedOutputStream(Channels.newOutputStream(ch), 65536);
    }

    /** Applies the hashed stream as the driver's layer and reads it to its end; a failure leaves no driver layer. */
    private long applyHashed(Digest chainId, Digest parentChainId, HashingInputStream hashing) throws IOException {
        removeDriverLeftover(chainId);
        try {
            long size = driver.applyDiff(chainId.hex(), LayerStore.hexOrNull(parentChainId), hashing);
            hashing.drain();
            return size;
        } catch (IOException | RuntimeException e) {
            removeQuietly(driver, chainId.hex());
            throw e;
        }
    }

    private void checkDiffId(Digest chainId, Digest expected, Digest actual) {
        if (!actual.equals(expected)) {
            removeQuietly(driver, chainId.hex());
            throw EngineException.invalid("layer content does not match its digest: expected %s, got %s",
                    expected, actual);
        }
    }

    private Object lockFor(Digest chainId) {
        return registrationLocks.computeIfAbsent(chainId, k -> new Object());
    }

    private void removeDriverLeftover(Digest chainId) throws IOException {
        if (driver.exists(chainId.hex())) {
            LOG.info("removing leftover driver layer {} without metadata", chainId.hex());
            driver.remove(chainId.hex());
        }
    }

    /** Removes a driver layer, logging rather than throwing (cleanup after a failure). */
    static void removeQuietly(StorageDriver driver, String id) {
        try {
            driver.remove(id);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove driver layer {}: {}", id, e.toString());
        }
    }
}
