package io.wharf.registry.distribution;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.model.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What dockerd's V2 metadata service remembers: for a layer (by diff ID), the compressed blobs it was pushed or
 * pulled as and the repositories that hold them. A second push then finds the blob with a HEAD or mounts it
 * from a sibling repository without compressing the layer again. Kept in one JSON file, written atomically.
 */
public final class PushMetadata {
    private static final Logger LOG = LoggerFactory.getLogger(PushMetadata.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PER_LAYER = 50;

    /** A compressed blob of a layer, and where it was seen: {@code host[:port]/repository/path}. */
    public record Entry(@JsonProperty("digest") String digest, @JsonProperty("size") long size,
                        @JsonProperty("registry") String registry, @JsonProperty("repository") String repository) {
    }

    private final Path file;
    private final Map<String, List<Entry>> byDiffId;

    public PushMetadata(Path file) {
        this.file = file;
        this.byDiffId = load(file);
    }

    private static Map<String, List<Entry>> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(MAPPER.readValue(file.toFile(), new TypeReference<Map<String, List<Entry>>>() { }));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable layer metadata {}: {}", file, e.toString());
            return new TreeMap<>();
        }
    }

    public synchronized List<Entry> forDiffId(Digest diffId) {
        return List.copyOf(byDiffId.getOrDefault(diffId.toString(), List.of()));
    }

    public synchronized void add(Digest diffId, Digest blob, long size, String registry, String repository) {
        List<Entry> entries = byDiffId.computeIfAbsent(diffId.toString(), k -> new ArrayList<>());
        Entry e = new Entry(blob.toString(), size, registry, repository);
        entries.remove(e);
        entries.add(0, e); // most recent first
        while (entries.size() > MAX_PER_LAYER) {
            entries.remove(entries.size() - 1);
        }
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), byDiffId);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot save layer metadata {}: {}", file, e.toString()); // an optimisation only
        }
    }
}
