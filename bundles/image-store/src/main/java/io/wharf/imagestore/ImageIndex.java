package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Layer;
import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images ({@link ImageDb}) and the references to them ({@link ReferenceStore}) under one lock, this object's:
 * its methods are atomic, and a verb that needs several of them to be atomic together holds
 * {@code synchronized (index)} around them (the lock is reentrant). Name resolution lives here too.
 */
final class ImageIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ImageIndex.class);
    private static final String HEX = "[a-f0-9]+";

    private final ImageDb db;
    private final ReferenceStore refs;
    private final LayerStore layers;

    /** Stores a configuration; {@code created} tells whether it is new. */
    record Stored(Digest id, boolean created) {
    }

    ImageIndex(Path root, LayerStore layers) throws IOException {
        this.layers = layers;
        this.db = new ImageDb(root);
        this.refs = new ReferenceStore(root.resolve("repositories.json"));
        db.load(this::layersPresent);
        refs.load(db::contains);
    }

    private boolean layersPresent(ImageRecord rec) {
        // an image over a quarantined layer stays listed: using it says what is wrong
        Digest top = rec.topLayer();
        boolean complete = rec.config().diffIds().isEmpty() || layers.has(top) || layers.quarantineReason(top) != null;
        if (!complete) {
            LOG.warn("image {} misses layers; ignored", rec.id());
        }
        return complete;
    }

    /** The top layers of all images (for the layer store's reference counts at start). */
    synchronized List<Digest> topLayers() {
        List<Digest> tops = new ArrayList<>();
        for (ImageRecord r : db.all()) {
            tops.add(r.topLayer());
        }
        return tops;
    }

    // ------------------------------------------------------------------ resolution

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
        Digest id = refs.target(ref);
        if (id != null) {
            return id;
        }
        if (ref.digest() != null && db.contains(ref.digest())) {
            // deprecated repo@<image-id>: only when the image is known in that repository
            Digest imageId = ref.digest();
            for (ImageReference r : refs.of(imageId)) {
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
        if (hexPrefix.length() == 64) { // a whole ID (the builder's cache asks by them): no scan of all images
            Digest id = new Digest("sha256", hexPrefix);
            if (db.contains(id)) {
                return id;
            }
        }
        Digest found = null;
        for (ImageRecord r : db.all()) {
            if (r.id().hex().startsWith(hexPrefix)) {
                if (found != null) {
                    throw EngineException.invalid("ambiguous image ID prefix %s: more than one image matches", name);
                }
                found = r.id();
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

    // ------------------------------------------------------------------ reading

    /** The image, or null. */
    synchronized ImageRecord get(Digest id) {
        return db.get(id);
    }

    /** The image; NOT_FOUND when it is not there. */
    synchronized ImageRecord rec(Digest id) {
        ImageRecord r = db.get(id);
        if (r == null) {
            throw noSuchImage(id.toString());
        }
        return r;
    }

    synchronized boolean exists(Digest id) {
        return db.contains(id);
    }

    synchronized List<ImageRecord> all() {
        return List.copyOf(db.all());
    }

    synchronized int count() {
        return db.size();
    }

    synchronized List<Digest> children(Digest id) {
        return db.children(id);
    }

    synchronized List<ImageReference> refsOf(Digest id) {
        return refs.of(id);
    }

    synchronized Map<ImageReference, Digest> tagsInRepository(ImageReference nameOnly) {
        return refs.tagsInRepository(nameOnly);
    }

    synchronized Digest referenceTarget(ImageReference ref) {
        return refs.target(ref);
    }

    synchronized boolean hasReference(ImageReference ref) {
        return refs.contains(ref);
    }

    // ------------------------------------------------------------------ changing

    Stored store(byte[] rawConfig, Digest parent) throws IOException {
        ImageConfig config = ImageDb.parseConfig(rawConfig);
        Digest id = Digest.sha256(rawConfig);
        synchronized (this) {
            if (db.contains(id)) {
                return new Stored(id, false);
            }
            List<Digest> chain = LayerChain.chainIds(config.diffIds());
            for (Digest c : chain) {
                if (!layers.has(c)) {
                    throw EngineException.invalid("cannot store image %s: layer %s is missing", id, c);
                }
            }
            if (parent != null && !db.contains(parent)) {
                throw EngineException.notFound("parent image %s does not exist", parent);
            }
            ImageRecord rec = new ImageRecord(id, rawConfig.clone(), config, parent, null);
            db.add(rec, () -> {
                if (!chain.isEmpty()) {
                    layers.acquire(chain.get(chain.size() - 1));
                }
            });
            return new Stored(id, true);
        }
    }

    /** Removes an image that has no references nor children (rollback of a failed load). */
    synchronized void dropUnreferenced(Digest id) throws IOException {
        ImageRecord r = db.get(id);
        if (r == null || !refs.of(id).isEmpty() || !db.children(id).isEmpty()) {
            return;
        }
        delete(r);
    }

    /** Deletes an image and releases its layers; returns the layers that went with it. */
    synchronized List<Layer> delete(ImageRecord r) throws IOException {
        db.remove(r);
        Digest top = r.topLayer();
        return top == null ? List.of() : layers.release(top);
    }

    /** Points a tag at an image and notes the tag time; returns the image it pointed at before, or null. */
    synchronized Digest setTag(ImageReference ref, Digest id) throws IOException {
        if (ref.digest() != null) { // a digest is the registry's word on the content, never the user's
            throw EngineException.invalid("refusing to create a tag with a digest reference");
        }
        Digest previous = refs.put(ref, id);
        refs.write();
        db.update(db.get(id).taggedAt(Instant.now()));
        return previous;
    }

    /** Points a reference at an image without touching its tag time (pulls, commits). */
    synchronized void addReference(ImageReference ref, Digest imageId) throws IOException {
        if (!db.contains(imageId)) {
            throw noSuchImage(imageId.toString());
        }
        if (!imageId.equals(refs.put(ref, imageId))) { // an unchanged reference costs no write (rebuilds, re-pulls)
            refs.write();
        }
    }

    /** Drops a reference in memory; {@link #writeReferences()} makes it durable. */
    synchronized void removeReference(ImageReference ref) {
        refs.remove(ref);
    }

    synchronized void writeReferences() throws IOException {
        refs.write();
    }
}
