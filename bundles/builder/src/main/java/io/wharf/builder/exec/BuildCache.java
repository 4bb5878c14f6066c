package io.wharf.builder.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.support.AtomicFiles;
import io.wharf.support.FormatVersion;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The build cache: which image a step made from a parent image, its instruction text after substitution (with
 * the build args it used) and, for COPY/ADD, the checksum of its sources; with each record's history text, layer
 * size, creation and last use for {@code docker system df -v} and {@code /build/prune}. It lives in memory and in
 * one JSON file under the data root: a new step rewrites the file durably at once; a cache hit only updates use
 * times, written a moment later without a sync (losing them costs nothing), so a cached build does no sync. An
 * entry whose image was removed meanwhile is a miss.
 */
public final class BuildCache {
    /** A record as stored; times are RFC 3339, {@code parent} the key of the record the step built on. */
    record Entry(String image, String parent, String description, long size, String created, String lastUsed,
                 int uses) {
        Entry used(Use use) {
            return new Entry(image, parent, description, size, created, use.last().toString(), uses + use.count());
        }

        Instant lastUsedOrCreated() {
            return Instant.parse(lastUsed != null ? lastUsed : created);
        }
    }

    private final Path file;
    private final ImageService images;
    private final Clock clock;
    private final Map<String, Entry> entries;
    /**
     * Hits not yet in {@link #entries}: a hit only notes its time here, and the records take them (formatting the
     * times) when they are read or saved, off the build's path.
     */
    private final Map<String, Use> pendingUses = new HashMap<>();
    private boolean saveScheduled;

    /** The hits of one record since its uses were last written down: how many, and the last one's time. */
    record Use(Instant last, int count) {
        Use and(Use later) {
            return new Use(later.last(), count + later.count());
        }
    }

    public BuildCache(Path file, ImageService images, Clock clock) {
        this.file = file;
        this.images = images;
        this.clock = clock;
        this.entries = Files.exists(file) ? load(file, clock.instant()) : new LinkedHashMap<>();
    }

    /**
     * Opens the builder's folder {@code home} at the daemon's start: its unversioned format mapped each key in
     * {@code cacheFile} to an image ID; version 1 keeps records (see {@link Entry}), so that file is rewritten.
     */
    static void openArea(Path home, String cacheFile, Clock clock) throws IOException {
        FormatVersion.open(FormatVersion.Area.BUILDER, home, from -> migrate(home.resolve(cacheFile), clock));
    }

    /** Rewrites the records in version 1's form; a step keeps its image, its creation time becomes now. */
    private static void migrate(Path file, Clock clock) throws IOException {
        if (Files.exists(file)) {
            Map<String, Entry> entries = load(file, clock.instant());
            if (!entries.isEmpty()) { // a damaged file reads empty: left alone
                AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(entries));
            }
        }
    }

    private static Map<String, Entry> load(Path file, Instant now) {
        Map<String, Entry> loaded = new LinkedHashMap<>();
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
            for (var it = root.fields(); it.hasNext(); ) {
                var field = it.next();
                loaded.put(field.getKey(), field.getValue().isTextual() // the unversioned format: key to image ID
                        ? new Entry(field.getValue().asText(), null, "", 0, now.toString(), null, 0)
                        : Json.MAPPER.treeToValue(field.getValue(), Entry.class));
            }
            return loaded;
        } catch (IOException | RuntimeException e) { // a damaged cache costs a rebuild, never a failure
            return new LinkedHashMap<>();
        }
    }

    /** The key of a step: parent image (or scratch), the step's text, and the sources' checksum (or null). */
    static String key(Image parent, String stepText, String sourceChecksum) {
        String material = (parent == null ? "scratch" : parent.id().toString()) + "\n" + stepText + "\n"
                + (sourceChecksum == null ? "" : sourceChecksum);
        return Digest.sha256(material.getBytes(StandardCharsets.UTF_8)).hex();
    }

    synchronized Optional<Image> find(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        Image image;
        try {
            image = images.inspect(entry.image());
        } catch (EngineException e) {
            entries.remove(key);
            pendingUses.remove(key);
            scheduleSave();
            return Optional.empty();
        }
        pendingUses.merge(key, new Use(clock.instant(), 1), Use::and);
        scheduleSave();
        return Optional.of(image);
    }

    /** Records the image a step made on {@code parent} (null: scratch) and writes the cache durably. */
    synchronized void put(String key, Image image, Image parent, String description) throws IOException {
        String parentKey = parent == null ? null : keyOf(parent.id().toString());
        long size = Math.max(0, image.size() - (parent == null ? 0 : parent.size()));
        pendingUses.remove(key); // hits of a record this one replaces
        entries.put(key, new Entry(image.id().toString(), parentKey, description, size,
                clock.instant().toString(), null, 0));
        save(true);
    }

    private String keyOf(String imageId) {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().image().equals(imageId)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The records, oldest first; {@code shared} marks those whose image a tagged image is or builds on. */
    synchronized List<BuildCacheRecord> records() {
        applyUses();
        CacheSharing sharing = CacheSharing.of(images.list());
        List<BuildCacheRecord> out = new ArrayList<>();
        entries.forEach((key, e) -> out.add(record(key, e, sharing)));
        return out;
    }

    private static BuildCacheRecord record(String key, Entry e, CacheSharing sharing) {
        return new BuildCacheRecord(key, e.parent() == null ? List.of() : List.of(e.parent()), "regular",
                e.description(), false, sharing.shared(e.image()), e.size(), Instant.parse(e.created()),
                e.lastUsed() == null ? null : Instant.parse(e.lastUsed()), e.uses());
    }

    /**
     * Removes the records {@code keys} and returns the images no record points at any more, with their step's
     * size, newest first (a step's image before the one it built on).
     */
    synchronized Map<String, Long> remove(List<String> keys) throws IOException {
        applyUses();
        Map<String, Entry> gone = new HashMap<>();
        keys.forEach(k -> gone.put(k, entries.remove(k)));
        List<Entry> removed = new ArrayList<>(gone.values());
        removed.removeIf(java.util.Objects::isNull);
        removed.sort(java.util.Comparator.comparing(Entry::created).reversed());
        Map<String, Long> orphaned = new LinkedHashMap<>();
        for (Entry e : removed) {
            if (keyOf(e.image()) == null) {
                orphaned.putIfAbsent(e.image(), e.size());
            }
        }
        save(true);
        return orphaned;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Writes pending use times now (tests; the daemon writes them a second after a hit). */
    synchronized void flush() throws IOException {
        save(false);
    }

    private void scheduleSave() {
        if (!saveScheduled) {
            saveScheduled = true;
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::saveQuietly);
        }
    }

    private synchronized void saveQuietly() {
        try {
            save(false);
        } catch (IOException ignored) {
            // use times only: the next save writes them
        }
    }

    private void applyUses() {
        pendingUses.forEach((key, use) -> entries.computeIfPresent(key, (k, entry) -> entry.used(use)));
        pendingUses.clear();
    }

    private void save(boolean durable) throws IOException {
        applyUses();
        saveScheduled = false;
        Files.createDirectories(file.getParent());
        byte[] json = Json.MAPPER.writeValueAsBytes(entries);
        if (durable) {
            AtomicFiles.write(file, json);
        } else {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, json);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
