package io.wharf.registry.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.DistributionInspect;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.registry.SearchQuery;
import io.wharf.api.registry.SearchResult;
import io.wharf.registry.http.MediaTypes;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The distribution service: pull, push, login and inspect over a transport, into and out of an image store. */
public final class RegistryDistribution implements DistributionService, AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RegistryTransport transport;
    private final EndpointResolver resolver;
    private final ExecutorService executor;
    private final Puller puller;
    private final Pusher pusher;
    private final RegistrySearch search;

    /** The knobs of daemon.json this service honours. */
    public record Settings(List<String> registryMirrors, List<String> insecureRegistries, int maxConcurrentDownloads,
                           int maxConcurrentUploads, Path stateDir, long retryDelayMs, int maxDownloadAttempts) {
        public Settings(List<String> registryMirrors, List<String> insecureRegistries, int maxConcurrentDownloads,
                        int maxConcurrentUploads, Path stateDir, long retryDelayMs) {
            this(registryMirrors, insecureRegistries, maxConcurrentDownloads, maxConcurrentUploads, stateDir,
                    retryDelayMs, BlobDownloads.DEFAULT_ATTEMPTS);
        }
    }

    /** Takes reloaded registry-mirrors and insecure-registries. */
    public void updateEndpoints(List<String> registryMirrors, List<String> insecureRegistries) {
        resolver.update(registryMirrors, insecureRegistries);
    }

    public RegistryDistribution(RegistryTransport transport, ImageService images, Settings settings)
            throws IOException {
        this.transport = transport;
        this.resolver = new EndpointResolver(settings.registryMirrors(), settings.insecureRegistries());
        // version 1 is the unversioned format with the version file added: nothing to rewrite
        FormatVersion.open(FormatVersion.Area.DISTRIBUTION, settings.stateDir(), FormatVersion.Migration.NONE);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wharf-distribution-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Path spool = settings.stateDir().resolve("tmp");
        Files.createDirectories(spool);
        PushMetadata metadata = new PushMetadata(settings.stateDir().resolve("v2metadata.json"));
        BlobDownloads downloads = new BlobDownloads(transport, spool.resolve("downloads"),
                settings.maxConcurrentDownloads(), executor, settings.retryDelayMs(), settings.maxDownloadAttempts());
        Path uploads = spool.resolve("uploads");
        Files.createDirectories(uploads);
        this.puller = new Puller(transport, images, resolver, downloads, metadata);
        this.pusher = new Pusher(transport, images, resolver, metadata, executor, settings.maxConcurrentUploads(),
                uploads);
        this.search = new RegistrySearch(transport, resolver);
    }

    @Override
    public void pull(ImageReference reference, Platform platform, boolean allTags, RegistryAuth auth,
                     ProgressListener progress) throws IOException {
        puller.pull(reference, platform, allTags, orAnonymous(auth), new Progress(progress));
    }

    @Override
    public void push(ImageReference reference, boolean allTags, RegistryAuth auth, ProgressListener progress)
            throws IOException {
        pusher.push(reference, allTags, orAnonymous(auth), new Progress(progress));
    }

    @Override
    public String login(RegistryAuth auth) throws IOException {
        RegistryAuth a = orAnonymous(auth);
        IOException last = null;
        for (RegistryEndpoint ep : resolver.endpointsFor(a.serverAddress())) {
            try {
                return transport.ping(ep, a);
            } catch (IOException e) {
                last = e; // https refused by a plain-http insecure registry: try the next endpoint
            }
        }
        throw last;
    }

    @Override
    public DistributionInspect inspect(ImageReference reference, RegistryAuth auth) throws IOException {
        ImageReference ref = reference.withDefaultTag();
        String tagOrDigest = ref.digest() != null ? ref.digest().toString() : ref.tag();
        Exception last = null;
        for (RegistryEndpoint ep : resolver.pullEndpoints(ref)) {
            try {
                ManifestResponse m = transport.getManifest(ep, ref.path(), tagOrDigest, MediaTypes.PULLABLE,
                        orAnonymous(auth));
                return new DistributionInspect(new DistributionInspect.Descriptor(m.mediaType(),
                        m.digest().toString(), m.content().length), platforms(ep, ref, m, orAnonymous(auth)));
            } catch (IOException e) {
                last = e;
            } catch (EngineException e) {
                if (!ep.mirror()) {
                    throw PullErrors.translate(e, ref);
                }
                last = e;
            }
        }
        if (last instanceof IOException io) {
            throw io;
        }
        throw PullErrors.translate((EngineException) last, ref);
    }

    @Override
    public List<SearchResult> search(SearchQuery query, RegistryAuth auth) throws IOException {
        return search.search(query, orAnonymous(auth));
    }

    private List<Platform> platforms(RegistryEndpoint ep, ImageReference ref, ManifestResponse m, RegistryAuth auth)
            throws IOException {
        JsonNode json = MAPPER.readTree(m.content());
        List<Platform> result = new ArrayList<>();
        if (MediaTypes.isIndex(m.mediaType())) {
            for (Descriptor d : Descriptor.listOf(json.path("manifests"))) {
                if (d.platform() != null && !"unknown".equals(d.platform().os())) {
                    result.add(d.platform());
                }
            }
            return result;
        }
        Descriptor config = Descriptor.of(json.path("config"));
        try (InputStream in = transport.getBlob(ep, ref.path(), config.digest(), 0, auth)) {
            byte[] bytes = WholeBlobs.read(in, config.size(), WholeBlobs.MAX_CONFIG, "image config " + config.digest());
            if (!Digest.sha256(bytes).equals(config.digest())) {
                throw EngineException.invalid("image config verification failed for digest %s", config.digest());
            }
            ImageConfig c = MAPPER.readValue(bytes, ImageConfig.class);
            result.add(new Platform(c.os(), c.architecture(), c.variant()));
        }
        return result;
    }

    private static RegistryAuth orAnonymous(RegistryAuth auth) {
        return auth == null ? RegistryAuth.anonymous() : auth;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
