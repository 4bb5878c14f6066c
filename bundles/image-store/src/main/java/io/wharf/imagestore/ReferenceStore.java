package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.support.AtomicFiles;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * References (tags and digest references) to images, kept in {@code repositories.json}:
 * {@code {"Repositories": {"docker.io/library/busybox": {"docker.io/library/busybox:latest": "sha256:..."}}}}.
 * Changes stay in memory until {@link #write()}. Not thread-safe: {@link ImageIndex} guards it with its lock.
 */
final class ReferenceStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceStore.class);

    record RepositoriesFile(@JsonProperty("Repositories") Map<String, Map<String, String>> repositories) {
    }

    private final Path file;
    private final TreeMap<String, Digest> refs = new TreeMap<>();

    ReferenceStore(Path file) {
        this.file = file;
    }

    /** Reads the file; references that do not parse or whose image is not {@code known} are dropped. */
    void load(Predicate<Digest> known) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        RepositoriesFile f = Json.WITHOUT_NULLS.readValue(file.toFile(), RepositoriesFile.class);
        if (f.repositories() == null) {
            return;
        }
        f.repositories().values().forEach(m -> m.forEach((ref, id) -> {
            try {
                Digest d = Digest.parse(id);
                ImageReference.parse(ref);
                if (known.test(d)) {
                    refs.put(ref, d);
                }
            } catch (EngineException e) {
                LOG.warn("ignoring bad reference {} -> {}", ref, id);
            }
        }));
    }

    static String key(ImageReference r) {
        return r.digest() != null ? r.name() + "@" + r.digest() : r.name() + ":" + r.tag();
    }

    /** The image a (normalized) reference points at, or null. */
    Digest target(ImageReference ref) {
        return refs.get(key(ref));
    }

    boolean contains(ImageReference ref) {
        return refs.containsKey(key(ref));
    }

    /** Points a reference at an image; returns the image it pointed at before, or null. */
    Digest put(ImageReference ref, Digest id) {
        return refs.put(key(ref), id);
    }

    void remove(ImageReference ref) {
        refs.remove(key(ref));
    }

    /** The references to an image, in key order. */
    List<ImageReference> of(Digest id) {
        List<ImageReference> result = new ArrayList<>();
        refs.forEach((k, v) -> {
            if (v.equals(id)) {
                result.add(ImageReference.parse(k));
            }
        });
        return result;
    }

    /** Names in one repository (name only, no tag): all its tag references with their images. */
    Map<ImageReference, Digest> tagsInRepository(ImageReference nameOnly) {
        Map<ImageReference, Digest> result = new LinkedHashMap<>();
        refs.forEach((k, v) -> {
            ImageReference r = ImageReference.parse(k);
            if (r.digest() == null && r.name().equals(nameOnly.name())) {
                result.put(r, v);
            }
        });
        return result;
    }

    void write() throws IOException {
        Map<String, Map<String, String>> repos = new TreeMap<>();
        refs.forEach((k, v) -> {
            ImageReference r = ImageReference.parse(k);
            repos.computeIfAbsent(r.name(), n -> new TreeMap<>()).put(k, v.toString());
        });
        AtomicFiles.write(file, Json.WITHOUT_NULLS.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new RepositoriesFile(repos)));
    }
}
