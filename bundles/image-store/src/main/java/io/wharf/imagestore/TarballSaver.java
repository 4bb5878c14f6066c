package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.support.Json;
import io.wharf.support.Times;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes {@code docker save} tarballs in the layout of Docker 25+: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/...} with configs, uncompressed layers and one OCI manifest per image)
 * plus Docker's {@code manifest.json} and legacy {@code repositories}.
 */
final class TarballSaver {
    static final String MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String MT_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MT_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String MT_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String ANNOTATION_IMAGE_NAME = "io.containerd.image.name";
    static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
                      @JsonProperty("size") long size, @JsonProperty("annotations") Map<String, String> annotations) {
    }

    record OciManifest(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
                       @JsonProperty("config") Descriptor config, @JsonProperty("layers") List<Descriptor> layers) {
    }

    record OciIndex(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
                    @JsonProperty("manifests") List<Descriptor> manifests) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ManifestEntry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                         @JsonProperty("Layers") List<String> layers) {
    }

    /** What to save: images in order with the tags they are saved under. */
    record Plan(Map<Digest, List<ImageReference>> images) {
    }

    private final ImageIndex index;
    private final LayerStore layers;
    private final ImageEvents events;
    private final Path tmpDir;

    TarballSaver(ImageIndex index, LayerStore layers, ImageEvents events, Path tmpDir) {
        this.index = index;
        this.layers = layers;
        this.events = events;
        this.tmpDir = tmpDir;
    }

    Plan plan(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw EngineException.invalid("no images specified");
        }
        Map<Digest, List<ImageReference>> images = new LinkedHashMap<>();
        for (String name : names) {
            ImageReference parsed = null;
            if (!name.startsWith("sha256:") && !name.matches("[a-f0-9]{64}")) {
                try {
                    parsed = ImageReference.parse(name);
                } catch (EngineException e) {
                    if (!name.matches("[a-f0-9]+")) {
                        throw e;
                    }
                }
            }
            if (parsed != null && parsed.tag() == null && parsed.digest() == null) {
                Map<ImageReference, Digest> tags = index.tagsInRepository(parsed);
                if (!tags.isEmpty()) {
                    tags.forEach((ref, id) -> add(images, id, ref));
                    continue;
                }
            }
            Digest id = index.resolve(name);
            ImageReference tagged = null;
            if (parsed != null && parsed.digest() == null) {
                ImageReference withTag = parsed.withDefaultTag();
                if (id.equals(index.referenceTarget(withTag))) {
                    tagged = withTag;
                }
            }
            add(images, id, tagged);
        }
        return new Plan(images);
    }

    private static void add(Map<Digest, List<ImageReference>> images, Digest id, ImageReference ref) {
        List<ImageReference> refs = images.computeIfAbsent(id, k -> new ArrayList<>());
        if (ref != null && !refs.contains(ref)) {
            refs.add(ref);
        }
    }

    void write(Plan plan, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(out, 65536) {
            @Override
            public void close() throws IOException {
                flush(); // leave the caller's stream open
            }
        }, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<String> written = new HashSet<>();
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        List<ManifestEntry> manifest = new ArrayList<>();
        List<Descriptor> indexEntries = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        for (Map.Entry<Digest, List<ImageReference>> e : plan.images().entrySet()) {
            Digest id = e.getKey();
            ImageRecord rec = index.rec(id);
            Instant created = Times.parseRfc3339KeepingZero(rec.config().created());
            long mtime = created == null ? 0 : created.toEpochMilli();
            if (written.add(id.hex())) {
                file(tar, "blobs/sha256/" + id.hex(), rec.raw(), mtime);
            }
            List<String> layerPaths = new ArrayList<>();
            List<Descriptor> layerDescriptors = new ArrayList<>();
            List<Digest> diffIds = rec.config().diffIds();
            List<Digest> chain = LayerChain.chainIds(diffIds);
            for (int i = 0; i < diffIds.size(); i++) {
                Digest diffId = diffIds.get(i);
                String path = "blobs/sha256/" + diffId.hex();
                long size = writeLayer(tar, path, chain.get(i), diffId, written, mtime);
                layerPaths.add(path);
                layerDescriptors.add(new Descriptor(MT_LAYER, diffId.toString(), size, null));
            }
            byte[] ociManifest = Json.WITHOUT_NULLS.writeValueAsBytes(new OciManifest(2, MT_MANIFEST,
                    new Descriptor(MT_CONFIG, id.toString(), rec.raw().length, null), layerDescriptors));
            Digest manifestDigest = Digest.sha256(ociManifest);
            if (written.add(manifestDigest.hex())) {
                file(tar, "blobs/sha256/" + manifestDigest.hex(), ociManifest, mtime);
            }
            List<String> repoTags = new ArrayList<>();
            for (ImageReference ref : e.getValue()) {
                repoTags.add(ref.familiarString());
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(ANNOTATION_IMAGE_NAME, ref.toString());
                annotations.put(ANNOTATION_REF_NAME, ref.tag());
                indexEntries.add(new Descriptor(MT_MANIFEST, manifestDigest.toString(), ociManifest.length,
                        annotations));
                if (!diffIds.isEmpty()) {
                    repositories.computeIfAbsent(ref.familiarName(), k -> new TreeMap<>())
                            .put(ref.tag(), diffIds.get(diffIds.size() - 1).hex());
                }
            }
            if (e.getValue().isEmpty()) {
                indexEntries.add(new Descriptor(MT_MANIFEST, manifestDigest.toString(), ociManifest.length, null));
            }
            manifest.add(new ManifestEntry("blobs/sha256/" + id.hex(), repoTags.isEmpty() ? null : repoTags,
                    layerPaths));
            events.publish("save", id, id.toString());
        }
        long now = System.currentTimeMillis();
        file(tar, "index.json", Json.WITHOUT_NULLS.writeValueAsBytes(new OciIndex(2, MT_INDEX, indexEntries)), now);
        file(tar, "manifest.json", Json.WITHOUT_NULLS.writeValueAsBytes(manifest), now);
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), now);
        if (!repositories.isEmpty()) {
            file(tar, "repositories", Json.WITHOUT_NULLS.writeValueAsBytes(repositories), now);
        }
        tar.finish();
        tar.close();
    }

    private long writeLayer(TarArchiveOutputStream tar, String path, Digest chainId, Digest diffId,
                            Set<String> written, long mtime) throws IOException {
        Path kept = layers.keptTar(chainId);
        Path unpacked = null;
        if (kept == null && layers.keptBlob(chainId) != null) { // a pulled layer: its gzip blob is kept
            unpacked = Files.createTempFile(tmpDir, "save-", ".tar");
            try (InputStream in = layers.openTar(chainId)) {
                Files.copy(in, unpacked, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            kept = unpacked;
        }
        try {
            return writeKept(tar, path, chainId, diffId, written, mtime, kept);
        } finally {
            if (unpacked != null) {
                Files.deleteIfExists(unpacked);
            }
        }
    }

    private long writeKept(TarArchiveOutputStream tar, String path, Digest chainId, Digest diffId,
                           Set<String> written, long mtime, Path kept) throws IOException {
        if (kept != null) {
            long size = Files.size(kept);
            if (written.add(diffId.hex())) {
                TarArchiveEntry entry = new TarArchiveEntry(path);
                entry.setSize(size);
                entry.setModTime(mtime);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                try (InputStream in = Files.newInputStream(kept)) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            return size;
        }
        // No kept tar (layer made by another path): regenerate it and check it still hashes to the diff ID.
        Path spool = Files.createTempFile(tmpDir, "save-", ".tar");
        try {
            Digest actual;
            try (InputStream in = layers.openTar(chainId);
                 OutputStream o = Files.newOutputStream(spool)) {
                HashingInputStream h = new HashingInputStream(in, o);
                h.drain();
                actual = h.digest();
            }
            if (!actual.equals(diffId)) {
                throw EngineException.system("layer " + chainId + " cannot be exported: its content hashes to "
                        + actual + " instead of " + diffId, null);
            }
            long size = Files.size(spool);
            if (written.add(diffId.hex())) {
                TarArchiveEntry entry = new TarArchiveEntry(path);
                entry.setSize(size);
                entry.setModTime(mtime);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                try (InputStream in = Files.newInputStream(spool)) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            return size;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(System.currentTimeMillis());
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, long mtime) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        entry.setModTime(mtime);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
