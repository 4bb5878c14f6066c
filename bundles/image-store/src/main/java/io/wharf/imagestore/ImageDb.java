package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.support.AtomicFiles;
import io.wharf.support.Json;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image configurations by ID and their metadata, in memory and on disk:
 * <pre>
 * imagedb/content/sha256/&lt;id-hex&gt;        exact configuration bytes (sha256 of the file = image ID)
 * imagedb/metadata/sha256/&lt;id-hex&gt;.json  {"parent": ..., "last_tag_time": ...}
 * </pre>
 * Not thread-safe: {@link ImageIndex} guards it with its lock.
 */
final class ImageDb {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDb.class);

    record ImageMeta(@JsonProperty("parent") String parent, @JsonProperty("last_tag_time") String lastTagTime) {
    }

    private final Path contentDir;
    private final Path metadataDir;
    private final Map<Digest, ImageRecord> images = new HashMap<>();

    ImageDb(Path root) throws IOException {
        this.contentDir = root.resolve("imagedb/content/sha256");
        this.metadataDir = root.resolve("imagedb/metadata/sha256");
        Files.createDirectories(contentDir);
        Files.createDirectories(metadataDir);
    }

    /** Reads the stored configurations; those that are damaged or that {@code usable} refuses are left out. */
    void load(Predicate<ImageRecord> usable) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(contentDir)) {
            for (Path file : files) {
                String hex = file.getFileName().toString();
                if (!hex.matches("[a-f0-9]{64}")) {
                    if (hex.startsWith(".")) {
                        Files.deleteIfExists(file);
                    }
                    continue;
                }
                ImageRecord rec = read(file, hex);
                if (rec != null && usable.test(rec)) {
                    images.put(rec.id(), rec);
                }
            }
        }
    }

    private ImageRecord read(Path file, String hex) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        Digest id = Digest.sha256(raw);
        if (!id.hex().equals(hex)) {
            LOG.warn("image configuration {} does not match its digest; ignored", file);
            return null;
        }
        ImageConfig config;
        try {
            config = parseConfig(raw);
        } catch (EngineException e) {
            LOG.warn("image configuration {} does not parse; ignored", file);
            return null;
        }
        ImageMeta meta = readMeta(hex);
        Digest parent = meta == null || meta.parent() == null ? null : Digest.parse(meta.parent());
        Instant lastTag = meta == null ? null : Times.parseRfc3339KeepingZero(meta.lastTagTime());
        return new ImageRecord(id, raw, config, parent, lastTag);
    }

    private ImageMeta readMeta(String hex) {
        Path p = metaFile(hex);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return Json.WITHOUT_NULLS.readValue(p.toFile(), ImageMeta.class);
        } catch (IOException e) {
            return null;
        }
    }

    static ImageConfig parseConfig(byte[] raw) {
        try {
            ImageConfig c = Json.WITHOUT_NULLS.readValue(raw, ImageConfig.class);
            if (c == null) {
                throw EngineException.invalid("invalid image configuration: empty");
            }
            c.diffIds();
            return c;
        } catch (IOException e) {
            throw EngineException.invalid("invalid image configuration: %s", e.getMessage());
        }
    }

    private Path metaFile(String hex) {
        return metadataDir.resolve(hex + ".json");
    }

    ImageRecord get(Digest id) {
        return images.get(id);
    }

    boolean contains(Digest id) {
        return images.containsKey(id);
    }

    Collection<ImageRecord> all() {
        return images.values();
    }

    int size() {
        return images.size();
    }

    List<Digest> children(Digest id) {
        List<Digest> result = new ArrayList<>();
        for (ImageRecord r : images.values()) {
            if (id.equals(r.parent())) {
                result.add(r.id());
            }
        }
        return result;
    }

    /** Writes a new image's configuration and metadata and adds it; on failure nothing of it stays on disk. */
    void add(ImageRecord rec, IoAction alsoBeforeAdding) throws IOException {
        Path file = contentDir.resolve(rec.id().hex());
        AtomicFiles.write(file, rec.raw());
        Digest written = Digest.sha256(Files.readAllBytes(file));
        if (!written.equals(rec.id())) {
            Files.deleteIfExists(file);
            throw EngineException.system("image configuration " + rec.id() + " was not stored intact", null);
        }
        try {
            writeMeta(rec);
            alsoBeforeAdding.run();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(metaFile(rec.id().hex()));
            throw e;
        }
        images.put(rec.id(), rec);
    }

    /** Replaces an image's record (a new last tag time) and writes its metadata. */
    void update(ImageRecord rec) throws IOException {
        images.put(rec.id(), rec);
        writeMeta(rec);
    }

    void remove(ImageRecord r) throws IOException {
        images.remove(r.id());
        Files.deleteIfExists(contentDir.resolve(r.id().hex()));
        Files.deleteIfExists(metaFile(r.id().hex()));
        AtomicFiles.syncDirectory(contentDir);
    }

    private void writeMeta(ImageRecord rec) throws IOException {
        ImageMeta meta = new ImageMeta(rec.parent() == null ? null : rec.parent().toString(),
                rec.lastTagTime() == null ? null : Times.rfc3339Nano(rec.lastTagTime()));
        AtomicFiles.write(metaFile(rec.id().hex()), Json.WITHOUT_NULLS.writeValueAsBytes(meta));
    }

    /** A step that may fail with an I/O error. */
    interface IoAction {
        void run() throws IOException;
    }
}
