package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.events.Event;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.image.Layer;
import io.wharf.api.image.LayerChain;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.Decompression;
import io.wharf.archive.DirectoryTrees;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image store: image configurations by ID, references, per-image metadata, and (through {@link LayerStore})
 * layers. Thread-safe: metadata changes happen under the instance lock; layer extraction runs outside it.
 *
 * <p>On disk, under {@code <root>} (= {@code <data-root>/image/<driver>}):
 * <pre>
 * imagedb/content/sha256/&lt;id-hex&gt;        exact configuration bytes (sha256 of the file = image ID)
 * imagedb/metadata/sha256/&lt;id-hex&gt;.json  {"parent": ..., "last_tag_time": ...}
 * repositories.json                          {"Repositories": {"docker.io/library/busybox": {"docker.io/library/busybox:latest": "sha256:..."}}}
 * layerdb/                                   see {@link LayerStore}
 * tmp/                                       load and save work folders (emptied at start)
 * </pre>
 */
public final class ImageStore implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
    private static final String HEX = "[a-f0-9]+";

    record Rec(Digest id, byte[] raw, ImageConfig config, Digest parent, Instant lastTagTime) {
    }

    record ImageMeta(@JsonProperty("parent") String parent, @JsonProperty("last_tag_time") String lastTagTime) {
    }

    record RepositoriesFile(@JsonProperty("Repositories") Map<String, Map<String, String>> repositories) {
    }

    private final Path root;
    private final Path contentDir;
    private final Path metadataDir;
    private final Path referencesFile;
    private final Path tmpDir;
    private final LayerStore layers;
    private final Consumer<Event> events;
    private final AtomicReference<ImageUsage> usage;
    private final Map<Digest, Rec> images = new HashMap<>();
    private final TreeMap<String, Digest> refs = new TreeMap<>();

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
        this.root = root;
        this.contentDir = root.resolve("imagedb/content/sha256");
        this.metadataDir = root.resolve("imagedb/metadata/sha256");
        this.referencesFile = root.resolve("repositories.json");
        this.tmpDir = root.resolve("tmp");
        this.events = events;
        this.usage = usage;
        Files.createDirectories(contentDir);
        Files.createDirectories(metadataDir);
        DirectoryTrees.delete(tmpDir);
        Files.createDirectories(tmpDir);
        this.layers = new LayerStore(root.resolve("layerdb"), driver);
        loadFromDisk();
        List<Digest> tops = new ArrayList<>();
        for (Rec r : images.values()) {
            tops.add(top(r));
        }
        layers.initReferences(tops);
    }

    private void loadFromDisk() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(contentDir)) {
            for (Path file : files) {
                String hex = file.getFileName().toString();
                if (!hex.matches("[a-f0-9]{64}")) {
                    if (hex.startsWith(".")) {
                        Files.deleteIfExists(file);
                    }
                    continue;
                }
                byte[] raw = Files.readAllBytes(file);
                Digest id = Digest.sha256(raw);
                if (!id.hex().equals(hex)) {
                    LOG.warn("image configuration {} does not match its digest; ignored", file);
                    continue;
                }
                ImageConfig config;
                try {
                    config = parseConfig(raw);
                } catch (EngineException e) {
                    LOG.warn("image configuration {} does not parse; ignored", file);
                    continue;
                }
                ImageMeta meta = readMeta(hex);
                Digest parent = meta == null || meta.parent() == null ? null : Digest.parse(meta.parent());
                Instant lastTag = meta == null ? null : Times.parseRfc3339(meta.lastTagTime());
                Rec rec = new Rec(id, raw, config, parent, lastTag);
                // an image over a quarantined layer stays listed: using it says what is wrong
                boolean complete = rec.config.diffIds().isEmpty() || layers.has(top(rec))
                        || layers.quarantineReason(top(rec)) != null;
                if (!complete) {
                    LOG.warn("image {} misses layers; ignored", id);
                    continue;
                }
                images.put(id, rec);
            }
        }
        if (Files.isRegularFile(referencesFile)) {
            RepositoriesFile f = Json.MAPPER.readValue(referencesFile.toFile(), RepositoriesFile.class);
            if (f.repositories() != null) {
                f.repositories().values().forEach(m -> m.forEach((ref, id) -> {
                    try {
                        Digest d = Digest.parse(id);
                        ImageReference.parse(ref);
                        if (images.containsKey(d)) {
                            refs.put(ref, d);
                        }
                    } catch (EngineException e) {
                        LOG.warn("ignoring bad reference {} -> {}", ref, id);
                    }
                }));
            }
        }
    }

    private ImageMeta readMeta(String hex) {
        Path p = metadataDir.resolve(hex + ".json");
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(p.toFile(), ImageMeta.class);
        } catch (IOException e) {
            return null;
        }
    }

    static ImageConfig parseConfig(byte[] raw) {
        try {
            ImageConfig c = Json.MAPPER.readValue(raw, ImageConfig.class);
            if (c == null) {
                throw EngineException.invalid("invalid image configuration: empty");
            }
            c.diffIds();
            return c;
        } catch (IOException e) {
            throw EngineException.invalid("invalid image configuration: %s", e.getMessage());
        }
    }

    private static Digest top(Rec r) {
        List<Digest> chain = LayerChain.chainIds(r.config.diffIds());
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }

    public LayerStore layers() {
        return layers;
    }

    Path tmpDir() {
        return tmpDir;
    }

    // ------------------------------------------------------------------ resolution

    static String key(ImageReference r) {
        return r.digest() != null ? r.name() + "@" + r.digest() : r.name() + ":" + r.tag();
    }

    /** Resolves a name, reference or (prefixed) ID to an image ID, as Docker's GetImage does. */
    synchronized Digest resolve(String name) {
        if (name == null || name.isEmpty()) {
            throw EngineException.invalid("invalid reference format");
        }
        if (name.startsWith("sha256:")) {
            String hex = name.substring(7);
            if (hex.matches(HEX) && !hex.isEmpty()) {
                return byPrefix(hex, name);
            }
            throw noSuchImage(name);
        }
        if (name.matches("[a-f0-9]{64}")) {
            return byPrefix(name, name);
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(name).withDefaultTag();
        } catch (EngineException e) {
            if (name.matches(HEX)) {
                return byPrefix(name, name);
            }
            throw e;
        }
        Digest id = refs.get(key(ref));
        if (id != null) {
            return id;
        }
        if (ref.digest() != null && images.containsKey(ref.digest())) {
            // deprecated repo@<image-id>: only when the image is known in that repository
            Digest imageId = ref.digest();
            for (ImageReference r : refsOf(imageId)) {
                if (r.name().equals(ref.name())) {
                    return imageId;
                }
            }
        }
        if (name.matches(HEX)) {
            return byPrefix(name, name);
        }
        throw noSuchImage(name);
    }

    private Digest byPrefix(String hexPrefix, String name) {
        Digest found = null;
        for (Digest id : images.keySet()) {
            if (id.hex().startsWith(hexPrefix)) {
                if (found != null) {
                    throw EngineException.invalid("ambiguous image ID prefix %s: more than one image matches", name);
                }
                found = id;
            }
        }
        if (found == null) {
            throw noSuchImage(name);
        }
        return found;
    }

    static EngineException noSuchImage(String name) {
        return EngineException.notFound("No such image: %s", name);
    }

    synchronized List<ImageReference> refsOf(Digest id) {
        List<ImageReference> result = new ArrayList<>();
        refs.forEach((k, v) -> {
            if (v.equals(id)) {
                result.add(ImageReference.parse(k));
            }
        });
        return result;
    }

    synchronized Rec rec(Digest id) {
        Rec r = images.get(id);
        if (r == null) {
            throw noSuchImage(id.toString());
        }
        return r;
    }

    synchronized boolean exists(Digest id) {
        return images.containsKey(id);
    }

    /** Top layer chain ID of an image (null when it has no layers). */
    public synchronized Digest topLayer(Digest imageId) {
        return top(rec(imageId));
    }

    private synchronized Image toImage(Rec r) {
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (ImageReference ref : refsOf(r.id)) {
            if (ref.digest() != null) {
                digests.add(ref.familiarString());
            } else {
                tags.add(ref.familiarString());
            }
        }
        tags.sort(null);
        digests.sort(null);
        long size = 0;
        for (Digest c : LayerChain.chainIds(r.config.diffIds())) {
            Layer l = layers.get(c);
            if (l != null) {
                size += l.size();
            }
        }
        return new Image(r.id, r.raw.clone(), r.config, List.copyOf(tags), List.copyOf(digests), r.parent, size,
                r.lastTagTime);
    }

    synchronized List<Digest> children(Digest id) {
        List<Digest> result = new ArrayList<>();
        for (Rec r : images.values()) {
            if (id.equals(r.parent)) {
                result.add(r.id);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ ImageService: queries

    @Override
    public synchronized Image inspect(String nameOrId) {
        return toImage(images.get(resolve(nameOrId)));
    }

    @Override
    public synchronized List<Image> list() {
        List<Image> result = new ArrayList<>();
        for (Rec r : images.values()) {
            result.add(toImage(r));
        }
        return result;
    }

    @Override
    public synchronized int count() {
        return images.size();
    }

    @Override
    public synchronized List<HistoryItem> history(String nameOrId) {
        Rec img = images.get(resolve(nameOrId));
        List<Digest> diffIds = img.config.diffIds();
        List<HistoryItem> rows = new ArrayList<>();
        int layerCounter = 0;
        Digest chain = null;
        List<ImageConfig.History> history = img.config.history() == null ? List.of() : img.config.history();
        for (ImageConfig.History h : history) {
            long size = 0;
            if (!h.isEmptyLayer()) {
                if (diffIds.size() <= layerCounter) {
                    throw EngineException.system("too many non-empty layers in History section", null);
                }
                chain = LayerChain.chainId(chain, diffIds.get(layerCounter));
                Layer l = layers.get(chain);
                size = l == null ? 0 : l.size();
                layerCounter++;
            }
            rows.add(0, new HistoryItem("<missing>", Times.unixSeconds(h.created()), nz(h.createdBy()), null, size,
                    nz(h.comment())));
        }
        Rec current = img;
        for (int i = 0; i < rows.size() && current != null; i++) {
            HistoryItem row = rows.get(i);
            List<String> tags = new ArrayList<>();
            for (ImageReference r : refsOf(current.id)) {
                if (r.digest() == null) {
                    tags.add(r.familiarString());
                }
            }
            tags.sort(null);
            rows.set(i, new HistoryItem(current.id.toString(), row.created(), row.createdBy(),
                    tags.isEmpty() ? null : tags, row.size(), row.comment()));
            current = current.parent == null ? null : images.get(current.parent);
        }
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
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
    public Layer registerCompressedLayer(Digest parentChainId, java.nio.file.Path gzipBlob, Digest expectedDiffId)
            throws IOException {
        return layers.registerCompressed(parentChainId, gzipBlob, expectedDiffId);
    }

    @Override
    public InputStream layerTar(Digest chainId) throws IOException {
        return layers.openTar(chainId);
    }

    @Override
    public Digest storeImage(byte[] rawConfig, Digest parent) throws IOException {
        return store(rawConfig, parent).id;
    }

    /** Stores a configuration; {@code created} tells whether it is new. */
    record Stored(Digest id, boolean created) {
    }

    Stored store(byte[] rawConfig, Digest parent) throws IOException {
        ImageConfig config = parseConfig(rawConfig);
        Digest id = Digest.sha256(rawConfig);
        synchronized (this) {
            Rec existing = images.get(id);
            if (existing != null) {
                return new Stored(id, false);
            }
            List<Digest> chain = LayerChain.chainIds(config.diffIds());
            for (Digest c : chain) {
                if (!layers.has(c)) {
                    throw EngineException.invalid("cannot store image %s: layer %s is missing", id, c);
                }
            }
            if (parent != null && !images.containsKey(parent)) {
                throw EngineException.notFound("parent image %s does not exist", parent);
            }
            Path file = contentDir.resolve(id.hex());
            AtomicFiles.write(file, rawConfig);
            Digest written = Digest.sha256(Files.readAllBytes(file));
            if (!written.equals(id)) {
                Files.deleteIfExists(file);
                throw EngineException.system("image configuration " + id + " was not stored intact", null);
            }
            Rec rec = new Rec(id, rawConfig.clone(), config, parent, null);
            try {
                writeMeta(rec);
                if (!chain.isEmpty()) {
                    layers.acquire(chain.get(chain.size() - 1));
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(metadataDir.resolve(id.hex() + ".json"));
                throw e;
            }
            images.put(id, rec);
            return new Stored(id, true);
        }
    }

    private void writeMeta(Rec rec) throws IOException {
        ImageMeta meta = new ImageMeta(rec.parent == null ? null : rec.parent.toString(),
                rec.lastTagTime == null ? null : Times.rfc3339Nano(rec.lastTagTime));
        AtomicFiles.write(metadataDir.resolve(rec.id.hex() + ".json"), Json.MAPPER.writeValueAsBytes(meta));
    }

    private void writeReferences() throws IOException {
        Map<String, Map<String, String>> repos = new TreeMap<>();
        refs.forEach((k, v) -> {
            ImageReference r = ImageReference.parse(k);
            repos.computeIfAbsent(r.name(), n -> new TreeMap<>()).put(k, v.toString());
        });
        AtomicFiles.write(referencesFile, Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new RepositoriesFile(repos)));
    }

    /** Removes an image that has no references (rollback of a failed load). */
    synchronized void dropUnreferenced(Digest id) throws IOException {
        Rec r = images.get(id);
        if (r == null || !refsOf(id).isEmpty() || !children(id).isEmpty()) {
            return;
        }
        deleteImageLocked(r);
    }

    private List<Layer> deleteImageLocked(Rec r) throws IOException {
        images.remove(r.id);
        Files.deleteIfExists(contentDir.resolve(r.id.hex()));
        Files.deleteIfExists(metadataDir.resolve(r.id.hex() + ".json"));
        AtomicFiles.syncDirectory(contentDir);
        Digest top = top(r);
        return top == null ? List.of() : layers.release(top);
    }

    @Override
    public void addReference(ImageReference reference, Digest imageId) throws IOException {
        ImageReference ref = reference.digest() != null ? reference.withDigest(reference.digest())
                : reference.withDefaultTag();
        synchronized (this) {
            if (!images.containsKey(imageId)) {
                throw noSuchImage(imageId.toString());
            }
            refs.put(key(ref), imageId);
            writeReferences();
        }
    }

    /** Points a tag at an image; returns the image it pointed at before, or null. */
    synchronized Digest setTag(ImageReference ref, Digest id) throws IOException {
        Digest previous = refs.put(key(ref), id);
        Rec r = images.get(id);
        Rec updated = new Rec(r.id, r.raw, r.config, r.parent, Instant.now());
        images.put(id, updated);
        writeReferences();
        writeMeta(updated);
        return previous;
    }

    @Override
    public void tag(String source, ImageReference target) {
        ImageReference ref = checkTag(target);
        Digest id;
        try {
            synchronized (this) {
                id = resolve(source);
                setTag(ref, id);
            }
        } catch (IOException e) {
            throw EngineException.system("failed to store the tag: " + e.getMessage(), e);
        }
        publish("tag", id, ref.familiarString());
    }

    static ImageReference checkTag(ImageReference target) {
        if (target.digest() != null) {
            throw EngineException.invalid("refusing to create a tag with a digest reference");
        }
        if (target.path().equals("library/sha256") || target.path().equals("sha256")) {
            throw EngineException.invalid("refusing to create an ambiguous tag using digest algorithm as name");
        }
        return target.withDefaultTag();
    }

    @Override
    public void setImageUsage(ImageUsage usage) {
        this.usage.set(usage);
    }

    // ------------------------------------------------------------------ events

    void publish(String action, Digest id, String name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Rec r;
        synchronized (this) {
            r = images.get(id);
        }
        if (r != null && r.config.config() != null && r.config.config().labels() != null) {
            attributes.putAll(r.config.config().labels());
        }
        attributes.put("name", name);
        publish(action, id, attributes);
    }

    private void publish(String action, Digest id, Map<String, String> attributes) {
        try {
            events.accept(Event.now("image", action, id.toString(), attributes));
        } catch (RuntimeException e) {
            LOG.warn("event delivery failed: {}", e.toString());
        }
    }

    private Map<String, String> eventAttributes(Rec r, String name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (r.config.config() != null && r.config.config().labels() != null) {
            attributes.putAll(r.config.config().labels());
        }
        attributes.put("name", name);
        return attributes;
    }

    // ------------------------------------------------------------------ remove (docker rmi)

    private record Usage(List<String> running, List<String> all) {
    }

    private Map<Digest, Usage> usageOf(Collection<Digest> ids) {
        ImageUsage u = usage.get();
        Map<Digest, Usage> result = new HashMap<>();
        for (Digest id : ids) {
            if (u == null) {
                result.put(id, new Usage(List.of(), List.of()));
            } else {
                List<String> running = u.containersUsing(id, true);
                List<String> all = u.containersUsing(id, false);
                result.put(id, new Usage(running == null ? List.of() : running, all == null ? List.of() : all));
            }
        }
        return result;
    }

    private static final int CONFLICT_CHILD = 1;
    private static final int CONFLICT_RUNNING = 2;
    private static final int CONFLICT_REFERENCE = 4;
    private static final int CONFLICT_STOPPED = 8;
    private static final int CONFLICT_HARD = CONFLICT_CHILD | CONFLICT_RUNNING;
    private static final int CONFLICT_SOFT = CONFLICT_REFERENCE | CONFLICT_STOPPED;

    private record Conflict(Digest id, boolean hard, boolean used, String message) {
        EngineException exception() {
            return EngineException.conflict("conflict: unable to delete %s (%s) - %s", id.shortHex(),
                    hard ? "cannot be forced" : "must be forced", message);
        }
    }

    private Conflict checkConflict(Digest id, int mask, Map<Digest, Usage> usages) {
        Usage u = usages.getOrDefault(id, new Usage(List.of(), List.of()));
        if ((mask & CONFLICT_CHILD) != 0 && !children(id).isEmpty()) {
            return new Conflict(id, true, false, "image has dependent child images");
        }
        if ((mask & CONFLICT_RUNNING) != 0 && !u.running().isEmpty()) {
            return new Conflict(id, true, true, "image is being used by running container " + u.running().get(0));
        }
        if ((mask & CONFLICT_REFERENCE) != 0 && !refsOf(id).isEmpty()) {
            return new Conflict(id, false, false, "image is referenced in multiple repositories");
        }
        if ((mask & CONFLICT_STOPPED) != 0) {
            for (String c : u.all()) {
                if (!u.running().contains(c)) {
                    return new Conflict(id, false, true, "image is being used by stopped container " + c);
                }
            }
        }
        return null;
    }

    private static boolean isSingleReference(List<ImageReference> repoRefs) {
        if (repoRefs.size() <= 1) {
            return repoRefs.size() == 1;
        }
        ImageReference single = null;
        Set<String> canonical = new HashSet<>();
        for (ImageReference r : repoRefs) {
            if (r.digest() != null) {
                canonical.add(r.name());
            } else if (single == null) {
                single = r;
            } else {
                return false;
            }
        }
        if (single == null) {
            single = repoRefs.get(0);
        }
        return canonical.size() == 1 && canonical.contains(single.name());
    }

    private static boolean isImageIdPrefix(Digest id, String name) {
        return id.toString().startsWith(name) || id.hex().startsWith(name);
    }

    @Override
    public List<DeleteResponse> remove(String nameOrId, boolean force, boolean noPrune) {
        Digest id;
        List<Digest> lineage = new ArrayList<>();
        synchronized (this) {
            id = resolve(nameOrId);
            for (Rec r = images.get(id); r != null; r = r.parent == null ? null : images.get(r.parent)) {
                if (lineage.contains(r.id)) {
                    break;
                }
                lineage.add(r.id);
            }
        }
        Map<Digest, Usage> usages = usageOf(lineage);
        List<DeleteResponse> records = new ArrayList<>();
        List<Runnable> pendingEvents = new ArrayList<>();
        try {
            synchronized (this) {
                if (!images.containsKey(id)) {
                    throw noSuchImage(nameOrId);
                }
                removeLocked(nameOrId, id, force, !noPrune, usages, records, pendingEvents);
            }
        } catch (IOException e) {
            throw EngineException.system("failed to remove image: " + e.getMessage(), e);
        } finally {
            pendingEvents.forEach(Runnable::run);
        }
        return records;
    }

    private void removeLocked(String name, Digest id, boolean force, boolean prune, Map<Digest, Usage> usages,
                              List<DeleteResponse> records, List<Runnable> pendingEvents) throws IOException {
        List<ImageReference> repoRefs = refsOf(id);
        boolean removedRepositoryRef = false;
        Rec rec = images.get(id);
        if (!isImageIdPrefix(id, name)) {
            Usage u = usages.getOrDefault(id, new Usage(List.of(), List.of()));
            if (!force && isSingleReference(repoRefs) && !u.all().isEmpty()) {
                throw EngineException.conflict("conflict: unable to remove repository reference \"%s\" (must force)"
                        + " - container %s is using its referenced image %s", name, u.all().get(0), id.shortHex());
            }
            ImageReference parsed = ImageReference.parse(name).withDefaultTag();
            ImageReference stored = refs.containsKey(key(parsed)) ? parsed : null;
            if (stored == null) {
                // found via deprecated repo@image-id: nothing to untag by that name
                for (ImageReference r : repoRefs) {
                    if (r.name().equals(parsed.name())) {
                        stored = r;
                        break;
                    }
                }
            }
            if (stored != null) {
                refs.remove(key(stored));
                writeReferences();
                records.add(DeleteResponse.untagged(stored.familiarString()));
                Map<String, String> attrs = eventAttributes(rec, id.toString());
                pendingEvents.add(() -> publish("untag", id, attrs));
            }
            repoRefs = refsOf(id);
            if (stored != null && stored.digest() == null) {
                final ImageReference removedTag = stored;
                boolean foundRepoTag = repoRefs.stream()
                        .anyMatch(r -> r.digest() == null && r.name().equals(removedTag.name()));
                if (!foundRepoTag) {
                    List<ImageReference> remaining = new ArrayList<>();
                    for (ImageReference r : repoRefs) {
                        if (r.digest() != null && r.name().equals(removedTag.name())) {
                            refs.remove(key(r));
                            records.add(DeleteResponse.untagged(r.familiarString()));
                        } else {
                            remaining.add(r);
                        }
                    }
                    writeReferences();
                    repoRefs = remaining;
                }
            }
            if (!repoRefs.isEmpty()) {
                return;
            }
            removedRepositoryRef = true;
        } else if (isSingleReference(repoRefs)) {
            int mask = CONFLICT_HARD;
            if (!force) {
                mask |= CONFLICT_SOFT & ~CONFLICT_REFERENCE;
            }
            Conflict c = checkConflict(id, mask, usages);
            if (c != null) {
                throw c.exception();
            }
            for (ImageReference r : repoRefs) {
                refs.remove(key(r));
                records.add(DeleteResponse.untagged(r.familiarString()));
                Map<String, String> attrs = eventAttributes(rec, id.toString());
                pendingEvents.add(() -> publish("untag", id, attrs));
            }
            writeReferences();
        }
        deleteHelper(id, records, force, prune, removedRepositoryRef, usages, pendingEvents);
    }

    private void deleteHelper(Digest id, List<DeleteResponse> records, boolean force, boolean prune, boolean quiet,
                              Map<Digest, Usage> usages, List<Runnable> pendingEvents) throws IOException {
        int mask = CONFLICT_HARD;
        if (!force) {
            mask |= CONFLICT_SOFT;
        }
        Conflict c = checkConflict(id, mask, usages);
        if (c != null) {
            boolean dangling = refsOf(id).isEmpty() && children(id).isEmpty();
            if (quiet && (!dangling || c.used())) {
                return;
            }
            throw c.exception();
        }
        Rec rec = images.get(id);
        Digest parent = rec.parent;
        List<ImageReference> all = refsOf(id);
        for (ImageReference r : all) {
            refs.remove(key(r));
            records.add(DeleteResponse.untagged(r.familiarString()));
            Map<String, String> attrs = eventAttributes(rec, id.toString());
            pendingEvents.add(() -> publish("untag", id, attrs));
        }
        if (!all.isEmpty()) {
            writeReferences();
        }
        List<Layer> removedLayers = deleteImageLocked(rec);
        Map<String, String> attrs = eventAttributes(rec, id.toString());
        pendingEvents.add(() -> publish("delete", id, attrs));
        records.add(DeleteResponse.deleted(id.toString()));
        for (Layer l : removedLayers) {
            records.add(DeleteResponse.deleted(l.chainId().toString()));
        }
        if (!prune || parent == null || !images.containsKey(parent)) {
            return;
        }
        deleteHelper(parent, records, false, true, true, usages, pendingEvents);
    }

    // ------------------------------------------------------------------ prune

    @Override
    public PruneReport prune(boolean all, List<String> labelFilters, String until) {
        Instant untilTime = until == null || until.isEmpty() ? null : io.wharf.support.Times.parseTimestamp(until, Instant.now());
        Map<Digest, Long> sizes = layers.sizes();
        List<Digest> candidates = new ArrayList<>();
        synchronized (this) {
            for (Rec r : images.values()) {
                if (!all && !children(r.id).isEmpty()) {
                    continue;
                }
                if (untilTime != null) {
                    Instant created = Times.parseRfc3339(r.config.created());
                    if (created != null && created.isAfter(untilTime)) {
                        continue;
                    }
                }
                Map<String, String> labels = r.config.config() == null || r.config.config().labels() == null
                        ? Map.of() : r.config.config().labels();
                if (!matchLabels(labelFilters, labels)) {
                    continue;
                }
                candidates.add(r.id);
            }
        }
        List<DeleteResponse> deleted = new ArrayList<>();
        for (Digest id : candidates) {
            List<ImageReference> imageRefs = refsOf(id);
            if (!exists(id)) {
                continue;
            }
            if (!imageRefs.isEmpty()) {
                boolean shouldDelete = all || imageRefs.stream().allMatch(r -> r.digest() != null);
                if (shouldDelete) {
                    for (ImageReference r : imageRefs) {
                        tryRemove(r.toString(), deleted);
                    }
                }
            } else {
                tryRemove(id.hex(), deleted);
            }
        }
        long reclaimed = 0;
        for (DeleteResponse d : deleted) {
            if (d.deleted() != null) {
                reclaimed += sizes.getOrDefault(Digest.parse(d.deleted()), 0L);
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    private void tryRemove(String name, List<DeleteResponse> into) {
        try {
            into.addAll(remove(name, false, false));
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.CONFLICT && e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Docker's label filters: {@code key}, {@code key=value}; negated ({@code label!=}) with a leading '!'. */
    public static boolean matchLabels(List<String> filters, Map<String, String> labels) {
        if (filters == null || filters.isEmpty()) {
            return true;
        }
        List<String> negated = new ArrayList<>();
        for (String f : filters) {
            if (f.startsWith("!")) {
                negated.add(f.substring(1));
            } else if (!matchLabel(f, labels)) {
                return false;
            }
        }
        return negated.isEmpty() || !negated.stream().allMatch(f -> matchLabel(f, labels));
    }

    static boolean matchLabel(String filter, Map<String, String> labels) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        String value = labels.get(filter.substring(0, eq));
        return value != null && value.equals(filter.substring(eq + 1));
    }

    // ------------------------------------------------------------------ import, load, save

    @Override
    public Digest importRootfs(InputStream tar, ImageConfig template, ImageReference tag, ProgressListener progress)
            throws IOException {
        ImageReference ref = tag == null ? null : checkTag(tag);
        ImageConfig t = template == null
                ? new ImageConfig(null, null, null, null, null, null, null, null, null, null) : template;
        Layer layer;
        try {
            layer = layers.register(null, Decompression.decompress(tar), null);
        } catch (IOException e) {
            throw InvalidInput.asClientError(e);
        }
        Digest id;
        boolean created;
        try {
            Platform host = Platform.host();
            String now = Times.rfc3339Nano(Instant.now());
            String createdBy = "Imported from -";
            if (t.history() != null && !t.history().isEmpty() && t.history().get(0).createdBy() != null) {
                createdBy = t.history().get(0).createdBy();
            }
            String comment = t.comment() == null || t.comment().isEmpty() ? null : t.comment();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("architecture", t.architecture() != null ? t.architecture() : host.architecture());
            if (comment != null) {
                config.put("comment", comment);
            }
            config.put("config", t.config() == null ? ContainerConfig.empty() : t.config());
            config.put("created", now);
            Map<String, Object> history = new LinkedHashMap<>();
            history.put("created", now);
            history.put("created_by", createdBy);
            if (comment != null) {
                history.put("comment", comment);
            }
            config.put("history", List.of(history));
            config.put("os", t.os() != null ? t.os() : host.os());
            config.put("rootfs", ImageConfig.RootFs.layers(List.of(layer.diffId())));
            String variant = t.architecture() != null ? t.variant() : host.variant();
            if (variant != null && !variant.isEmpty()) {
                config.put("variant", variant);
            }
            byte[] raw = Json.MAPPER.writeValueAsBytes(config);
            Stored stored = store(raw, null);
            id = stored.id;
            created = stored.created;
        } catch (IOException | RuntimeException e) {
            layers.removeIfUnused(layer.chainId());
            throw e;
        }
        if (ref != null) {
            setTag(ref, id);
            publish("tag", id, ref.familiarString());
        } else if (created) {
            // nothing refers to it yet; it stays as a dangling image like docker import without a name
            LOG.debug("imported untagged image {}", id);
        }
        publish("import", id, id.toString());
        (progress == null ? ProgressListener.NONE : progress).onProgress(ProgressMessage.status(id.toString()));
        return id;
    }

    @Override
    public void load(InputStream tarball, ProgressListener progress) throws IOException {
        new TarballLoader(this).load(tarball, progress == null ? ProgressListener.NONE : progress);
    }

    @Override
    public void save(List<String> names, OutputStream out) throws IOException {
        TarballSaver saver = new TarballSaver(this);
        saver.write(saver.plan(names), out);
    }

    /** Checks that every name resolves, before an answer starts streaming. */
    public void checkSaveNames(List<String> names) {
        new TarballSaver(this).plan(names);
    }

    /** Names in one repository (name only, no tag): all its tag references with their images. */
    synchronized Map<ImageReference, Digest> tagsInRepository(ImageReference nameOnly) {
        Map<ImageReference, Digest> result = new LinkedHashMap<>();
        refs.forEach((k, v) -> {
            ImageReference r = ImageReference.parse(k);
            if (r.digest() == null && r.name().equals(nameOnly.name())) {
                result.put(r, v);
            }
        });
        return result;
    }

    synchronized Digest referenceTarget(ImageReference ref) {
        return refs.get(key(ref));
    }
}
