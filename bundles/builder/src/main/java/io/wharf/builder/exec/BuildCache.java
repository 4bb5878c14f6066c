package io.wharf.builder.exec;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.support.AtomicFiles;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The build cache: which image a step made from a parent image, its instruction text after substitution (with
 * the build args it used) and, for COPY/ADD, the checksum of its sources. It lives in one JSON file under the
 * data root, rewritten atomically after each new step, so it survives a restart; an entry whose image was
 * removed meanwhile is a miss.
 */
public final class BuildCache {
    private static final TypeReference<Map<String, String>> ENTRIES = new TypeReference<>() {
    };

    private final Path file;
    private final ImageService images;
    private final Map<String, String> entries;

    public BuildCache(Path file, ImageService images) throws IOException {
        this.file = file;
        this.images = images;
        this.entries = Files.exists(file) ? load(file) : new HashMap<>();
    }

    private static Map<String, String> load(Path file) {
        try {
            return new HashMap<>(Json.MAPPER.readValue(Files.readAllBytes(file), ENTRIES));
        } catch (IOException e) { // a damaged cache costs a rebuild, never a failure
            return new HashMap<>();
        }
    }

    /** The key of a step: parent image (or scratch), the step's text, and the sources' checksum (or null). */
    static String key(Image parent, String stepText, String sourceChecksum) {
        String material = (parent == null ? "scratch" : parent.id().toString()) + "\n" + stepText + "\n"
                + (sourceChecksum == null ? "" : sourceChecksum);
        return Digest.sha256(material.getBytes(StandardCharsets.UTF_8)).hex();
    }

    synchronized Optional<Image> find(String key) {
        String id = entries.get(key);
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(images.inspect(id));
        } catch (EngineException e) {
            entries.remove(key);
            return Optional.empty();
        }
    }

    synchronized void put(String key, Image image) throws IOException {
        entries.put(key, image.id().toString());
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(entries));
    }

    /** Forgets every entry (the images the steps made stay in the image store) and returns their keys. */
    synchronized java.util.List<String> clear() throws IOException {
        java.util.List<String> keys = new java.util.ArrayList<>(new java.util.TreeSet<>(entries.keySet()));
        entries.clear();
        if (Files.exists(file)) {
            AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(entries));
        }
        return keys;
    }

    synchronized int size() {
        return entries.size();
    }
}
