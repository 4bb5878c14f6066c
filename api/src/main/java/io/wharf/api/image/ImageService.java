package io.wharf.api.image;

import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The image store: images by ID, references to them, and their layers. Names given to lookups may be a
 * reference ({@code busybox}, {@code busybox:1}, {@code name@sha256:...}), a full or prefixed image ID
 * ({@code sha256:ab12...}, {@code ab12}). Lookups that find nothing throw a NOT_FOUND
 * {@link io.wharf.api.errors.EngineException} with Docker's wording ({@code No such image: NAME}).
 */
@ProviderType
public interface ImageService {

    Image inspect(String nameOrId);

    List<Image> list();

    /** Adds {@code target} as a reference to the image; replaces an existing tag (Docker semantics). */
    void tag(String source, ImageReference target);

    /** docker rmi: untags, or deletes when the last reference goes or an ID was given. */
    List<DeleteResponse> remove(String nameOrId, boolean force, boolean noPrune);

    List<HistoryItem> history(String nameOrId);

    /** Loads a {@code docker save} or OCI-layout tarball; progress messages carry the "Loaded image" lines. */
    void load(InputStream tarball, ProgressListener progress) throws IOException;

    /** Writes a {@code docker save} tarball (with OCI layout files) of the named images. */
    void save(List<String> names, OutputStream out) throws IOException;

    /**
     * Throws as {@link #save} would for names it cannot save, before any of the answer streams (an error then
     * is still an HTTP error). By default every name must be found by {@link #inspect}.
     *
     * @since 1.2
     */
    default void checkSave(List<String> names) {
        names.forEach(this::inspect);
    }

    /** docker import: one layer from a (possibly compressed) tar of a root filesystem. Returns the image ID. */
    Digest importRootfs(InputStream tar, ImageConfig template, ImageReference tag, ProgressListener progress)
            throws IOException;

    /** Removes dangling (or with {@code all}, unused) images matching the label filters. */
    PruneReport prune(boolean all, List<String> labelFilters, String until);

    /** Number of images, as docker info counts them. */
    int count();

    // --- for bundles that make images: distribution, commit, build ---

    boolean hasLayer(Digest chainId);

    /**
     * A stored layer by chain ID (for the shared size of image lists); empty when unknown, or when the store
     * does not tell.
     *
     * @since 1.2
     */
    default Optional<Layer> layer(Digest chainId) {
        return Optional.empty();
    }

    /**
     * Stores a layer from an uncompressed tar on top of {@code parentChainId}. When {@code expectedDiffId} is
     * given the content must hash to it, or nothing is stored.
     */
    Layer registerLayer(Digest parentChainId, InputStream uncompressedTar, Digest expectedDiffId) throws IOException;

    /**
     * Stores a layer from a gzip-compressed blob file (a pulled layer), keeping the blob itself (hard-linked when
     * it is on the same filesystem) as the layer's original instead of a second, uncompressed copy. The content
     * must hash to {@code expectedDiffId}, or nothing is stored. The caller's file is left in place.
     */
    Layer registerCompressedLayer(Digest parentChainId, java.nio.file.Path gzipBlob, Digest expectedDiffId)
            throws IOException;

    /** An uncompressed tar of a stored layer's own content. */
    InputStream layerTar(Digest chainId) throws IOException;

    /** Stores an image configuration whose layers are all present; returns its ID. */
    Digest storeImage(byte[] rawConfig, Digest parent) throws IOException;

    /** Points {@code reference} (a tag, or a digest reference from a registry) at an image. */
    void addReference(ImageReference reference, Digest imageId) throws IOException;

    /** Reference counting of images by containers, so that rmi answers 409 for images in use. */
    void setImageUsage(ImageUsage usage);
}
