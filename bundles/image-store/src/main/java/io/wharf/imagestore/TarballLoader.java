package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.archive.CappedTarInputStream;
import io.wharf.archive.Decompression;
import io.wharf.archive.InvalidArchiveException;
import io.wharf.support.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * docker load: a {@code docker save} tarball (manifest.json, Docker 25+ OCI layout or the older
 * {@code <id>/layer.tar} layout) or a plain OCI image layout. The tarball is unpacked into a work folder first
 * (member names checked against traversal, every {@code blobs/<alg>/<hex>} member hashed while it is written),
 * then layers are registered, images stored, and only when everything is in place are the tags set; on any
 * failure the layers and images this load added are removed again.
 */
final class TarballLoader {
    private static final Pattern BLOB = Pattern.compile("blobs/(sha256|sha384|sha512)/([a-f0-9]+)");
    private static final Pattern LEGACY_CONFIG = Pattern.compile("([a-f0-9]{64})\\.json");
    private static final String VND_REFERENCE_TYPE = "vnd.docker.reference.type";
    /** manifest.json, index.json, manifests and configurations are read whole: none is legitimately near this. */
    static final long MAX_JSON = 8L << 20;
    /** A saved image has a handful of members per layer; each member costs memory (links) while unpacking. */
    static final int MAX_MEMBERS = 100_000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ManifestEntry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                         @JsonProperty("Layers") List<String> layers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
                      @JsonProperty("size") long size, @JsonProperty("annotations") Map<String, String> annotations,
                      @JsonProperty("platform") Platform platform) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Manifest(@JsonProperty("mediaType") String mediaType, @JsonProperty("config") Descriptor config,
                    @JsonProperty("layers") List<Descriptor> layers, @JsonProperty("manifests") List<Descriptor> manifests) {
    }

    /** One image to load: its configuration, the tarball paths of its layers, and its tags. */
    record ToLoad(byte[] rawConfig, List<String> layerPaths, List<ImageReference> tags) {
    }

    private final ImageIndex index;
    private final LayerStore layers;
    private final ImageEvents events;
    private final Path tmpDir;
    private final Map<String, String> links = new HashMap<>();
    private Path work;

    TarballLoader(ImageIndex index, LayerStore layers, ImageEvents events, Path tmpDir) {
        this.index = index;
        this.layers = layers;
        this.events = events;
        this.tmpDir = tmpDir;
    }

    void load(InputStream tarball, ProgressListener progress) throws IOException {
        work = Files.createTempDirectory(tmpDir, "load-");
        try {
            extract(decompress(tarball));
            List<ToLoad> plan;
            if (Files.isRegularFile(work.resolve("manifest.json"))) {
                plan = fromDockerManifest();
            } else if (Files.isRegularFile(work.resolve("index.json"))) {
                plan = fromOciLayout();
            } else if (Files.isRegularFile(work.resolve("repositories"))) {
                throw EngineException.invalid("unsupported image tarball: the legacy v1 format without manifest.json"
                        + " is not supported");
            } else {
                throw EngineException.invalid("invalid tar file: it has neither manifest.json nor index.json");
            }
            apply(plan, progress);
        } finally {
            Cleanup.deleteTreeQuietly(work);
        }
    }

    // ---------------------------------------------------------------- unpacking

    private static InputStream decompress(InputStream in) throws IOException {
        try {
            return Decompression.decompress(in);
        } catch (IOException e) {
            throw InvalidInput.asClientError(e);
        }
    }

    private void extract(InputStream in) throws IOException {
        TarArchiveInputStream tar = new CappedTarInputStream(in);
        TarArchiveEntry entry;
        int members = 0;
        try {
            while ((entry = tar.getNextEntry()) != null) {
                if (++members > MAX_MEMBERS) {
                    throw EngineException.invalid("invalid tar file: more than %d members", MAX_MEMBERS);
                }
                String name = clean(entry.getName(), entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                Path target = work.resolve(name).normalize();
                if (!target.startsWith(work) || target.equals(work)) {
                    throw EngineException.invalid("invalid tar file: member %s escapes the archive", entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    links.put(name, "sym:" + entry.getLinkName());
                } else if (entry.isLink()) {
                    links.put(name, "hard:" + clean(entry.getLinkName(), entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    writeMember(tar, name, target);
                } else {
                    throw EngineException.invalid("invalid tar file: member %s has an unsupported type",
                            entry.getName());
                }
            }
        } catch (InvalidArchiveException e) {
            // said as the loader says its own: "invalid tar file: ...", the reader's "invalid tar: " dropped
            throw EngineException.invalid("invalid tar file: %s", e.getMessage().replaceFirst("^invalid tar: ", ""));
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("invalid tar file: %s", e.getMessage());
        }
        if (members == 0) {
            throw EngineException.invalid("invalid tar file: it is empty");
        }
    }

    private void writeMember(InputStream in, String name, Path target) throws IOException {
        Matcher m = BLOB.matcher(name);
        MessageDigest md = null;
        if (m.matches()) {
            md = newDigest(m.group(1));
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (md != null) {
                    md.update(buf, 0, n);
                }
            }
        }
        if (md != null) {
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(m.group(2))) {
                throw EngineException.invalid("invalid tar file: blob %s:%s has the digest %s:%s", m.group(1),
                        m.group(2), m.group(1), actual);
            }
        }
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha384" -> "SHA-384";
                case "sha512" -> "SHA-512";
                default -> "SHA-256";
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Normalises a member name; absolute names and names that climb out of the archive are refused. */
    static String clean(String name, String original) {
        if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw EngineException.invalid("invalid tar file: illegal member name %s", original);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw EngineException.invalid("invalid tar file: member name %s climbs out of the archive", original);
            }
            parts.addLast(part);
        }
        return String.join("/", parts);
    }

    /** Follows links recorded while unpacking (never created on disk) and opens the member. */
    private Path member(String name) {
        String current = clean(name, name);
        for (int depth = 0; depth < 32; depth++) {
            String link = links.get(current);
            if (link == null) {
                Path p = work.resolve(current).normalize();
                if (!p.startsWith(work) || !Files.isRegularFile(p)) {
                    throw EngineException.invalid("invalid tar file: %s is missing", name);
                }
                return p;
            }
            if (link.startsWith("hard:")) {
                current = link.substring(5);
            } else {
                String target = link.substring(4);
                if (target.startsWith("/")) {
                    throw EngineException.invalid("invalid tar file: link %s points outside the archive", current);
                }
                int slash = current.lastIndexOf('/');
                String joined = (slash < 0 ? "" : current.substring(0, slash + 1)) + target;
                current = cleanRelative(joined, name);
            }
        }
        throw EngineException.invalid("invalid tar file: too many levels of links at %s", name);
    }

    private static String cleanRelative(String path, String original) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw EngineException.invalid("invalid tar file: link at %s points outside the archive", original);
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** A JSON member, read whole: at most {@link #MAX_JSON}. */
    private byte[] read(String name) throws IOException {
        Path file = member(name);
        if (Files.size(file) > MAX_JSON) {
            throw EngineException.invalid("invalid tar file: %s is larger than %d bytes", name, MAX_JSON);
        }
        return Files.readAllBytes(file);
    }

    /** A blob named by a descriptor, read whole: its content must have the size the descriptor gives. */
    private byte[] read(Descriptor d) throws IOException {
        String path = blobPath(d.digest());
        long actual = Files.size(member(path));
        if (d.size() > 0 && actual != d.size()) {
            throw EngineException.invalid("invalid OCI layout: %s has %d bytes, its descriptor says %d", d.digest(),
                    actual, d.size());
        }
        return read(path);
    }

    private String blobPath(String digest) {
        Digest d = Digest.parse(digest);
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    // ---------------------------------------------------------------- formats

    private List<ToLoad> fromDockerManifest() throws IOException {
        List<ManifestEntry> entries;
        try {
            entries = Json.WITHOUT_NULLS.readValue(read("manifest.json"), new TypeReference<List<ManifestEntry>>() { });
        } catch (IOException e) {
            throw EngineException.invalid("invalid manifest.json: %s", e.getMessage());
        }
        List<ToLoad> plan = new ArrayList<>();
        for (ManifestEntry e : entries == null ? List.<ManifestEntry>of() : entries) {
            if (e.config() == null) {
                throw EngineException.invalid("invalid manifest.json: an entry has no Config");
            }
            byte[] raw = read(e.config());
            String base = clean(e.config(), e.config());
            Matcher legacy = LEGACY_CONFIG.matcher(base.substring(base.lastIndexOf('/') + 1));
            if (legacy.matches() && !Digest.sha256(raw).hex().equals(legacy.group(1))) {
                throw EngineException.invalid("invalid tar file: configuration %s does not match its digest",
                        e.config());
            }
            List<ImageReference> tags = new ArrayList<>();
            for (String t : e.repoTags() == null ? List.<String>of() : e.repoTags()) {
                ImageReference r = ImageReference.parse(t);
                if (r.tag() == null) {
                    throw EngineException.invalid("invalid tag %s in manifest.json", t);
                }
                tags.add(ImageTagger.checkTag(r)); // name:tag@digest would be listed as a RepoDigest
            }
            plan.add(new ToLoad(raw, e.layers() == null ? List.of() : e.layers(), tags));
        }
        return plan;
    }

    private List<ToLoad> fromOciLayout() throws IOException {
        Manifest index = parseManifest(read("index.json"), "index.json");
        Map<String, ToLoad> byManifest = new LinkedHashMap<>();
        for (Descriptor d : index.manifests() == null ? List.<Descriptor>of() : index.manifests()) {
            Descriptor chosen = d;
            Manifest m = parseManifest(read(d), d.digest());
            int depth = 0;
            while (m.manifests() != null && m.config() == null) {
                if (++depth > 4) {
                    throw EngineException.invalid("invalid OCI layout: nested indexes too deep");
                }
                chosen = pickPlatform(m.manifests(), d.digest());
                m = parseManifest(read(chosen), chosen.digest());
            }
            if (m.config() == null) {
                throw EngineException.invalid("invalid OCI layout: manifest %s has no config", chosen.digest());
            }
            ToLoad existing = byManifest.get(chosen.digest());
            if (existing == null) {
                List<String> layerPaths = new ArrayList<>();
                for (Descriptor l : m.layers() == null ? List.<Descriptor>of() : m.layers()) {
                    layerPaths.add(blobPath(l.digest()));
                }
                existing = new ToLoad(read(m.config()), layerPaths, new ArrayList<>());
                byManifest.put(chosen.digest(), existing);
            }
            ImageReference name = nameOf(d.annotations());
            if (name != null && !existing.tags().contains(name)) {
                existing.tags().add(name);
            }
        }
        return new ArrayList<>(byManifest.values());
    }

    private static Manifest parseManifest(byte[] raw, String what) {
        try {
            return Json.WITHOUT_NULLS.readValue(raw, Manifest.class);
        } catch (IOException e) {
            throw EngineException.invalid("invalid OCI layout: %s does not parse: %s", what, e.getMessage());
        }
    }

    private static Descriptor pickPlatform(List<Descriptor> manifests, String index) {
        Platform host = Platform.host();
        List<Descriptor> images = new ArrayList<>();
        for (Descriptor d : manifests) {
            if (d.annotations() != null && d.annotations().containsKey(VND_REFERENCE_TYPE)) {
                continue;
            }
            if (d.platform() != null && "unknown".equals(d.platform().os())) {
                continue;
            }
            images.add(d);
        }
        for (Descriptor d : images) {
            Platform p = d.platform();
            if (p != null && host.os().equals(p.os()) && host.architecture().equals(p.architecture())) {
                return d;
            }
        }
        if (images.size() == 1) {
            return images.get(0);
        }
        throw EngineException.notFound("no image for platform %s in the OCI index %s", host, index);
    }

    private static ImageReference nameOf(Map<String, String> annotations) {
        if (annotations == null) {
            return null;
        }
        String full = annotations.get(TarballSaver.ANNOTATION_IMAGE_NAME);
        String refName = annotations.get(TarballSaver.ANNOTATION_REF_NAME);
        for (String candidate : new String[] {full, refName}) {
            if (candidate == null || candidate == refName && !(candidate.contains("/") || candidate.contains(":"))) {
                continue;
            }
            try {
                ImageReference r = ImageReference.parse(candidate);
                if (r.digest() == null) {
                    return r.withDefaultTag();
                }
            } catch (EngineException ignored) {
                // not a reference
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- storing

    private void apply(List<ToLoad> plan, ProgressListener progress) throws IOException {
        List<Digest> newLayers = new ArrayList<>();
        List<Digest> newImages = new ArrayList<>();
        List<Digest> ids = new ArrayList<>();
        try {
            for (ToLoad item : plan) {
                ImageConfig config = ImageDb.parseConfig(item.rawConfig());
                String os = config.os();
                if (os != null && !os.isEmpty() && !os.equals(Platform.host().os())) {
                    throw EngineException.invalid("image operating system \"%s\" cannot be used on this platform", os);
                }
                List<Digest> diffIds = config.diffIds();
                if (diffIds.size() != item.layerPaths().size()) {
                    throw EngineException.invalid("invalid manifest, layers length mismatch: expected %d, got %d",
                            item.layerPaths().size(), diffIds.size());
                }
                Digest parent = null;
                for (int i = 0; i < diffIds.size(); i++) {
                    Digest diffId = diffIds.get(i);
                    Digest chain = LayerChain.chainId(parent, diffId);
                    if (!layers.has(chain)) {
                        Path file = member(item.layerPaths().get(i));
                        try (InputStream in = decompress(
                                new BufferedInputStream(Files.newInputStream(file), 65536))) {
                            layers.register(parent, in, diffId);
                        } catch (IOException e) {
                            throw InvalidInput.asClientError(e);
                        }
                        newLayers.add(chain);
                        long size = Files.size(file);
                        progress.onProgress(ProgressMessage.progress(diffId.shortHex(), "Loading layer", size, size));
                    }
                    parent = chain;
                }
                ImageIndex.Stored stored = index.store(item.rawConfig(), null);
                if (stored.created()) {
                    newImages.add(stored.id());
                }
                ids.add(stored.id());
            }
        } catch (IOException | RuntimeException | Error e) {
            for (int i = newImages.size() - 1; i >= 0; i--) {
                try {
                    index.dropUnreferenced(newImages.get(i));
                } catch (IOException | RuntimeException ignored) {
                    // best effort; a restart collects what is left
                }
            }
            for (int i = newLayers.size() - 1; i >= 0; i--) {
                try {
                    layers.removeIfUnused(newLayers.get(i));
                } catch (IOException | RuntimeException ignored) {
                    // best effort
                }
            }
            throw e;
        }
        for (int i = 0; i < plan.size(); i++) {
            Digest id = ids.get(i);
            List<ImageReference> tags = plan.get(i).tags();
            for (ImageReference tag : tags) {
                Digest previous = index.setTag(tag, id);
                if (previous != null && !previous.equals(id)) {
                    progress.onProgress(ProgressMessage.stream(String.format(
                            "The image %s already exists, renaming the old one with ID %s to empty string\n",
                            tag.familiarString(), previous)));
                }
                progress.onProgress(ProgressMessage.stream("Loaded image: " + tag.familiarString() + "\n"));
            }
            if (tags.isEmpty()) {
                progress.onProgress(ProgressMessage.stream("Loaded image ID: " + id + "\n"));
            }
            events.publish("load", id, id.toString());
        }
    }
}
