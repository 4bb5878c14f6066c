package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.registry.http.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker push, after moby's distribution/push_v2.go: each layer is skipped when the registry has a blob known
 * for it, mounted from a sibling repository of the same registry when one holds it, and otherwise gzipped from
 * the store and uploaded (at most {@code maxConcurrent} at a time); then the config blob, then a Docker schema2
 * manifest PUT by tag.
 */
final class Pusher {
    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);
    private static final int UPLOAD_ATTEMPTS = 3;

    private final RegistryTransport transport;
    private final ImageService images;
    private final EndpointResolver resolver;
    private final PushMetadata metadata;
    private final ExecutorService executor;
    private final Semaphore slots;
    private final Path spoolDir;

    Pusher(RegistryTransport transport, ImageService images, EndpointResolver resolver, PushMetadata metadata,
           ExecutorService executor, int maxConcurrent, Path spoolDir) {
        this.transport = transport;
        this.images = images;
        this.resolver = resolver;
        this.metadata = metadata;
        this.executor = executor;
        this.slots = new Semaphore(Math.max(1, maxConcurrent), true);
        this.spoolDir = spoolDir;
    }

    /** What the pushed manifest refers to. */
    record Pushed(Descriptor descriptor) {
    }

    void push(ImageReference reference, boolean allTags, RegistryAuth auth, Progress progress) throws IOException {
        List<ImageReference> tags = tagsToPush(reference, allTags);
        progress.status("The push refers to repository [" + reference.name() + "]");
        RegistryEndpoint ep = reachableEndpoint(reference, auth);
        for (ImageReference tag : tags) {
            pushTag(ep, tag, auth, progress);
        }
    }

    private List<ImageReference> tagsToPush(ImageReference reference, boolean allTags) {
        if (!allTags || reference.tag() != null) {
            ImageReference ref = reference.withDefaultTag();
            try {
                images.inspect(ref.toString());
            } catch (EngineException e) {
                throw EngineException.notFound("An image does not exist locally with the tag: %s",
                        ref.familiarString());
            }
            return List.of(ref);
        }
        List<ImageReference> tags = new ArrayList<>();
        for (Image img : images.list()) {
            for (String t : img.repoTags()) {
                ImageReference r = ImageReference.parse(t);
                if (r.name().equals(reference.name()) && r.tag() != null) {
                    tags.add(r);
                }
            }
        }
        if (tags.isEmpty()) {
            throw EngineException.notFound("An image does not exist locally with the tag: %s", reference.familiarName());
        }
        tags.sort((a, b) -> a.tag().compareTo(b.tag()));
        return tags;
    }

    /** The first endpoint that answers (https before http for insecure registries). */
    private RegistryEndpoint reachableEndpoint(ImageReference ref, RegistryAuth auth) throws IOException {
        IOException last = null;
        for (RegistryEndpoint ep : resolver.pushEndpoints(ref)) {
            try {
                transport.statBlob(ep, ref.path(), Digest.sha256(new byte[0]), auth);
                return ep;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private void pushTag(RegistryEndpoint ep, ImageReference ref, RegistryAuth auth, Progress progress)
            throws IOException {
        Image image = images.inspect(ref.toString());
        List<Digest> diffIds = image.config().diffIds();
        List<Digest> chain = image.chainIds();
        for (int i = diffIds.size() - 1; i >= 0; i--) {
            progress.status(diffIds.get(i).shortHex(), "Preparing");
        }
        List<Future<Descriptor>> uploads = new ArrayList<>();
        for (int i = diffIds.size() - 1; i >= 0; i--) {
            Digest diffId = diffIds.get(i);
            Digest chainId = chain.get(i);
            uploads.add(0, executor.submit(() -> withSlot(diffId, progress,
                    () -> pushLayer(ep, ref, chainId, diffId, auth, progress))));
        }
        List<Descriptor> layers = new ArrayList<>();
        for (Future<Descriptor> f : uploads) {
            layers.add(Transfers.await(f, "push"));
        }
        Digest configDigest = image.id();
        if (transport.statBlob(ep, ref.path(), configDigest, auth) < 0) {
            transport.putBlob(ep, ref.path(), configDigest, image.rawConfig().length,
                    new ByteArrayInputStream(image.rawConfig()), auth);
        }
        byte[] manifest = SchemaTwo.manifest(new Descriptor(MediaTypes.DOCKER_CONFIG, configDigest,
                image.rawConfig().length, null), layers);
        Digest digest = transport.putManifest(ep, ref.path(), ref.tag(), MediaTypes.DOCKER_MANIFEST, manifest, auth);
        images.addReference(ref.nameOnly().withDigest(digest), image.id());
        progress.status(ref.tag() + ": digest: " + digest + " size: " + manifest.length);
        Map<String, Object> aux = new LinkedHashMap<>();
        aux.put("Tag", ref.tag());
        aux.put("Digest", digest.toString());
        aux.put("Size", manifest.length);
        progress.message(ProgressMessage.aux(aux));
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> T withSlot(Digest diffId, Progress progress, Work<T> work) throws Exception {
        if (!slots.tryAcquire()) {
            progress.status(diffId.shortHex(), "Waiting");
            slots.acquire();
        }
        try {
            return work.run();
        } finally {
            slots.release();
        }
    }

    private Descriptor pushLayer(RegistryEndpoint ep, ImageReference ref, Digest chainId, Digest diffId,
                                 RegistryAuth auth, Progress progress) throws IOException {
        String id = diffId.shortHex();
        String registry = ep.hostAndPort();
        List<PushMetadata.Entry> known = metadata.forDiffId(diffId);
        for (PushMetadata.Entry e : known) {
            Digest blob = Digest.parse(e.digest());
            long size = transport.statBlob(ep, ref.path(), blob, auth);
            if (size >= 0) {
                progress.status(id, "Layer already exists");
                metadata.add(diffId, blob, size, registry, ref.path());
                return layer(blob, size);
            }
        }
        for (PushMetadata.Entry e : known) {
            if (registry.equals(e.registry()) && !ref.path().equals(e.repository())) {
                Digest blob = Digest.parse(e.digest());
                if (transport.mountBlob(ep, ref.path(), blob, e.repository(), auth)) {
                    progress.status(id, "Mounted from " + e.repository());
                    metadata.add(diffId, blob, e.size(), registry, ref.path());
                    return layer(blob, e.size());
                }
            }
        }
        Path compressed = Files.createTempFile(spoolDir, "push-", ".tar.gz");
        try {
            Digest blob = compress(chainId, compressed);
            long size = Files.size(compressed);
            if (transport.statBlob(ep, ref.path(), blob, auth) >= 0) {
                progress.status(id, "Layer already exists");
            } else {
                upload(ep, ref, blob, size, compressed, auth, progress.meter(id, "Pushing", size));
                progress.status(id, "Pushed");
            }
            metadata.add(diffId, blob, size, registry, ref.path());
            return layer(blob, size);
        } finally {
            Files.deleteIfExists(compressed);
        }
    }

    private void upload(RegistryEndpoint ep, ImageReference ref, Digest blob, long size, Path file,
                        RegistryAuth auth, Progress.Meter meter) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = Layers.counting(Files.newInputStream(file), meter::set)) {
                transport.putBlob(ep, ref.path(), blob, size, in, auth);
                return;
            } catch (IOException e) {
                if (attempt >= UPLOAD_ATTEMPTS) {
                    throw e;
                }
                LOG.info("upload of {} failed ({}); retrying", blob, e.toString());
            }
        }
    }

    private Digest compress(Digest chainId, Path target) throws IOException {
        MessageDigest sha = Digest.newSha256();
        try (InputStream tar = images.layerTar(chainId);
             OutputStream file = Files.newOutputStream(target);
             OutputStream hashed = new DigestOutputStream(file, sha);
             GZIPOutputStream gzip = new GZIPOutputStream(hashed, 256 * 1024)) {
            tar.transferTo(gzip);
        }
        return Digest.ofSha256(sha);
    }

    private static Descriptor layer(Digest digest, long size) {
        return new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, digest, size, null);
    }
}
