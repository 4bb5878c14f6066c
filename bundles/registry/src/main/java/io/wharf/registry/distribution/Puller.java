package io.wharf.registry.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.registry.http.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docker pull, after moby's distribution/pull_v2.go: resolve the manifest (through mirrors and insecure
 * fallbacks), pick the platform from an index, fetch and verify the config, download missing layers in parallel,
 * extract them in chain order into the image store, then store the image and record tag and repo digest.
 */
final class Puller {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RegistryTransport transport;
    private final ImageService images;
    private final EndpointResolver resolver;
    private final BlobDownloads downloads;
    private final PushMetadata metadata;

    Puller(RegistryTransport transport, ImageService images, EndpointResolver resolver, BlobDownloads downloads,
           PushMetadata metadata) {
        this.transport = transport;
        this.images = images;
        this.resolver = resolver;
        this.downloads = downloads;
        this.metadata = metadata;
    }

    /** A manifest as found on an endpoint. */
    record Source(RegistryEndpoint endpoint, ManifestResponse manifest) {
    }

    void pull(ImageReference reference, Platform platform, boolean allTags, RegistryAuth auth, Progress progress)
            throws IOException {
        Platform wanted = platform == null ? Platform.host() : platform;
        if (!allTags) {
            ImageReference ref = reference.withDefaultTag();
            boolean newer = pullOne(ref, wanted, auth, progress);
            progress.status((newer ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
                    + ref.familiarString());
            return;
        }
        if (reference.tag() != null || reference.digest() != null) {
            throw EngineException.invalid("tag can't be used with --all-tags/-a");
        }
        List<String> tags = listTags(reference, auth);
        boolean newer = false;
        for (String tag : tags) {
            newer |= pullOne(reference.withTag(tag), wanted, auth, progress);
        }
        progress.status((newer ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
                + reference.familiarName());
    }

    private List<String> listTags(ImageReference ref, RegistryAuth auth) throws IOException {
        Exception last = null;
        for (RegistryEndpoint ep : resolver.pullEndpoints(ref)) {
            try {
                return transport.listTags(ep, ref.path(), auth);
            } catch (IOException e) {
                last = e;
            } catch (EngineException e) {
                if (!ep.mirror()) {
                    throw PullErrors.translate(e, ref);
                }
                last = e;
            }
        }
        throw rethrow(last, ref);
    }

    /** Pulls one tag or digest; true when the reference now points at a different image than before. */
    boolean pullOne(ImageReference ref, Platform platform, RegistryAuth auth, Progress progress) throws IOException {
        String reference = ref.digest() != null ? ref.digest().toString() : ref.tag();
        Source source = resolve(ref, reference, auth);
        RegistryEndpoint ep = source.endpoint();
        ManifestResponse top = source.manifest();
        progress.status(reference, "Pulling from " + ref.path());

        ManifestResponse manifest = top;
        if (MediaTypes.isIndex(top.mediaType())) {
            Descriptor chosen = PlatformSelector.select(
                    Descriptor.listOf(MAPPER.readTree(top.content()).path("manifests")), platform);
            manifest = fetchManifest(ep, ref, chosen.digest().toString(), auth);
        }
        if (!MediaTypes.isManifest(manifest.mediaType())) {
            throw EngineException.invalid("unsupported manifest media type %s for %s", manifest.mediaType(),
                    ref.familiarString());
        }
        JsonNode m = MAPPER.readTree(manifest.content());
        Descriptor configDescriptor = Descriptor.of(m.path("config"));
        List<Descriptor> layers = Descriptor.listOf(m.path("layers"));
        byte[] config = fetchConfig(ep, ref, configDescriptor, auth);
        ImageConfig parsed = MAPPER.readValue(config, ImageConfig.class);
        List<Digest> diffIds = parsed.diffIds();
        if (diffIds.size() != layers.size()) {
            throw EngineException.invalid("layers from manifest don't match image configuration");
        }
        Digest previous = currentImage(ref);

        List<Digest> chain = LayerChain.chainIds(diffIds);
        List<BlobDownloads.Handle> handles = new ArrayList<>();
        try {
            boolean[] present = new boolean[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                present[i] = images.hasLayer(chain.get(i));
                progress.status(layers.get(i).shortId(), present[i] ? "Already exists" : "Pulling fs layer");
                handles.add(null);
            }
            for (int i = 0; i < layers.size(); i++) {
                if (!present[i]) {
                    handles.set(i, downloads.download(ep, ref.path(), layers.get(i), auth, progress));
                }
            }
            Digest parent = null;
            for (int i = 0; i < layers.size(); i++) {
                BlobDownloads.Handle h = handles.get(i);
                if (h != null) {
                    extract(layers.get(i), Transfers.await(h.file(), "pull"), parent, diffIds.get(i), progress);
                    // remembered so that a push to this registry can mount the blob instead of uploading it
                    metadata.add(diffIds.get(i), layers.get(i).digest(), layers.get(i).size(), ep.hostAndPort(),
                            ref.path());
                }
                parent = chain.get(i);
            }
        } finally {
            handles.forEach(h -> {
                if (h != null) {
                    h.release();
                }
            });
        }
        Digest imageId = images.storeImage(config, null);
        if (ref.tag() != null && ref.digest() == null) {
            images.addReference(ref.nameOnly().withTag(ref.tag()), imageId);
        }
        images.addReference(ref.nameOnly().withDigest(top.digest()), imageId);
        progress.status("Digest: " + top.digest());
        return !imageId.equals(previous);
    }

    private Source resolve(ImageReference ref, String reference, RegistryAuth auth) throws IOException {
        Exception last = null;
        for (RegistryEndpoint ep : resolver.pullEndpoints(ref)) {
            try {
                return new Source(ep, transport.getManifest(ep, ref.path(), reference, MediaTypes.PULLABLE, auth));
            } catch (IOException e) {
                last = e; // unreachable, or https refused by a plain-http insecure registry: next endpoint
            } catch (EngineException e) {
                if (!ep.mirror()) {
                    throw PullErrors.translate(e, ref);
                }
                last = e; // a mirror that lacks the image: Docker falls back to the next endpoint
            }
        }
        throw rethrow(last, ref);
    }

    private static RuntimeException rethrow(Exception last, ImageReference ref) throws IOException {
        if (last instanceof IOException io) {
            throw io;
        }
        if (last instanceof EngineException e) {
            return PullErrors.translate(e, ref);
        }
        return EngineException.unavailable("no endpoint to pull %s from", ref.familiarString());
    }

    private ManifestResponse fetchManifest(RegistryEndpoint ep, ImageReference ref, String digest, RegistryAuth auth)
            throws IOException {
        try {
            return transport.getManifest(ep, ref.path(), digest, MediaTypes.PULLABLE, auth);
        } catch (EngineException e) {
            throw PullErrors.translate(e, ref);
        }
    }

    private byte[] fetchConfig(RegistryEndpoint ep, ImageReference ref, Descriptor d, RegistryAuth auth)
            throws IOException {
        byte[] bytes;
        try (InputStream in = transport.getBlob(ep, ref.path(), d.digest(), 0, auth)) {
            bytes = WholeBlobs.read(in, d.size(), WholeBlobs.MAX_CONFIG, "image config " + d.digest());
        } catch (EngineException e) {
            throw PullErrors.translate(e, ref);
        }
        if (!Digest.sha256(bytes).equals(d.digest())) {
            throw EngineException.invalid("image config verification failed for digest %s", d.digest());
        }
        return bytes;
    }

    private Digest currentImage(ImageReference ref) {
        try {
            Image img = images.inspect(ref.toString());
            return img.id();
        } catch (EngineException e) {
            return null;
        }
    }

    private void extract(Descriptor layer, Path file, Digest parent, Digest diffId, Progress progress)
            throws IOException {
        long total = Files.size(file);
        Progress.Meter meter = progress.meter(layer.shortId(), "Extracting", total);
        if (isGzip(file)) {
            // the store keeps the downloaded blob itself (hard link) rather than another uncompressed copy
            try {
                images.registerCompressedLayer(parent, file, diffId);
            } catch (EngineException e) {
                throw new EngineException(e.kind(), "failed to register layer: " + e.getMessage(), e);
            }
            meter.set(total);
            progress.status(layer.shortId(), "Pull complete");
            return;
        }
        try (InputStream raw = Layers.counting(Files.newInputStream(file), meter::set);
             InputStream tar = Layers.decompress(raw)) {
            images.registerLayer(parent, tar, diffId);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), "failed to register layer: " + e.getMessage(), e);
        }
        meter.set(total);
        progress.status(layer.shortId(), "Pull complete");
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        }
    }
}
