package io.wharf.imagestore;

import io.wharf.api.events.Event;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.image.Layer;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.DirectoryTrees;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The image store as an {@link ImageService}: wires the parts together and hands each call to the one that does
 * it. Thread-safe: metadata changes happen under the {@link ImageIndex}'s lock; layer extraction runs outside it.
 *
 * <p>On disk, under {@code <root>} (= {@code <data-root>/image/<driver>}):
 * <pre>
 * imagedb/           image configurations and their metadata, see {@link ImageDb}
 * repositories.json  references, see {@link ReferenceStore}
 * layerdb/           see {@link LayerStore}
 * tmp/               load and save work folders (emptied at start)
 * </pre>
 */
public final class ImageStore implements ImageService {
    private final Path tmpDir;
    private final LayerStore layers;
    private final ImageIndex index;
    private final ImageEvents events;
    private final ImageQueries queries;
    private final ImageTagger tagger;
    private final ImageRemover remover;
    private final ImagePruner pruner;
    private final RootfsImporter importer;
    private final AtomicReference<ImageUsage> usage;

    public ImageStore(Path root, StorageDriver driver) throws IOException {
        this(root, driver, e -> { }, new AtomicReference<>());
    }

    /**
     * @param root   the store's folder
     * @param driver the opened storage driver
     * @param events receives image events
     * @param usage  where {@link #setImageUsage} keeps the container usage callback (shared so that a
     *               re-created store keeps it)
     */
    public ImageStore(Path root, StorageDriver driver, Consumer<Event> events, AtomicReference<ImageUsage> usage)
            throws IOException {
        // version 1 is the unversioned format with the version file added: nothing to rewrite
        FormatVersion.open(FormatVersion.Area.IMAGES, root, FormatVersion.Migration.NONE);
        this.tmpDir = root.resolve("tmp");
        this.usage = usage;
        DirectoryTrees.delete(tmpDir);
        Files.createDirectories(tmpDir);
        this.layers = new LayerStore(root.resolve("layerdb"), driver);
        this.index = new ImageIndex(root, layers);
        layers.initReferences(index.topLayers());
        this.events = new ImageEvents(index, events);
        this.queries = new ImageQueries(index, layers);
        this.tagger = new ImageTagger(index, this.events);
        this.remover = new ImageRemover(index, this.events, usage);
        this.pruner = new ImagePruner(index, layers, remover);
        this.importer = new RootfsImporter(index, layers, this.events);
    }

    public LayerStore layers() {
        return layers;
    }

    /** Top layer chain ID of an image (null when it has no layers). */
    public Digest topLayer(Digest imageId) {
        return index.rec(imageId).topLayer();
    }

    // ------------------------------------------------------------------ reading

    @Override
    public Image inspect(String nameOrId) {
        return queries.inspect(nameOrId);
    }

    @Override
    public List<Image> list() {
        return queries.list();
    }

    @Override
    public int count() {
        return index.count();
    }

    @Override
    public List<HistoryItem> history(String nameOrId) {
        return queries.history(nameOrId);
    }

    @Override
    public Optional<Layer> layer(Digest chainId) {
        return Optional.ofNullable(layers.get(chainId));
    }

    // ------------------------------------------------------------------ references, removal

    @Override
    public void tag(String source, ImageReference target) {
        tagger.tag(source, target);
    }

    @Override
    public void addReference(ImageReference reference, Digest imageId) throws IOException {
        tagger.addReference(reference, imageId);
    }

    @Override
    public List<DeleteResponse> remove(String nameOrId, boolean force, boolean noPrune) {
        return remover.remove(nameOrId, force, noPrune);
    }

    @Override
    public PruneReport prune(boolean all, List<String> labelFilters, String until) {
        return pruner.prune(all, labelFilters, until);
    }

    @Override
    public void setImageUsage(ImageUsage usage) {
        this.usage.set(usage);
    }

    // ------------------------------------------------------------------ import, load, save

    @Override
    public Digest importRootfs(InputStream tar, ImageConfig template, ImageReference tag, ProgressListener progress)
            throws IOException {
        return importer.importRootfs(tar, template, tag, progress);
    }

    @Override
    public void load(InputStream tarball, ProgressListener progress) throws IOException {
        new TarballLoader(index, layers, events, tmpDir)
                .load(tarball, progress == null ? ProgressListener.NONE : progress);
    }

    @Override
    public void save(List<String> names, OutputStream out) throws IOException {
        TarballSaver saver = saver();
        saver.write(saver.plan(names), out);
    }

    /** Checks that every name resolves (tags of a repository included), before an answer starts streaming. */
    @Override
    public void checkSave(List<String> names) {
        saver().plan(names);
    }

    private TarballSaver saver() {
        return new TarballSaver(index, layers, events, tmpDir);
    }

    // ------------------------------------------------------------------ layers and images for other bundles

    @Override
    public boolean hasLayer(Digest chainId) {
        return layers.has(chainId);
    }

    @Override
    public Layer registerLayer(Digest parentChainId, InputStream uncompressedTar, Digest expectedDiffId)
            throws IOException {
        return layers.register(parentChainId, uncompressedTar, expectedDiffId);
    }

    @Override
    public Layer registerCompressedLayer(Digest parentChainId, Path gzipBlob, Digest expectedDiffId)
            throws IOException {
        return layers.registerCompressed(parentChainId, gzipBlob, expectedDiffId);
    }

    @Override
    public InputStream layerTar(Digest chainId) throws IOException {
        return layers.openTar(chainId);
    }

    @Override
    public Digest storeImage(byte[] rawConfig, Digest parent) throws IOException {
        return index.store(rawConfig, parent).id();
    }
}
