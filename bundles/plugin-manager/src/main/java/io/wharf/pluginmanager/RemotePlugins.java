package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;


/**
 * Fetches and publishes plugin artifacts through the registry transport. Every byte taken from a registry is
 * checked against its digest (and size) before anything uses it: the manifest against the digest asked for or
 * reported, the config and the bundle jar against the manifest's descriptors.
 */
public final class RemotePlugins {
    private static final int PROGRESS_STEP = 512 * 1024;
    private final RegistryTransport transport;
    private final PluginEndpoints endpoints;

    public RemotePlugins(RegistryTransport transport, PluginEndpoints endpoints) {
        this.transport = transport;
        this.endpoints = endpoints;
    }

    /** A plugin's manifest and config as fetched and verified, and the endpoint that served them. */
    public record Fetched(RegistryEndpoint endpoint, ImageReference reference, Digest manifestDigest,
                          PluginArtifacts.Manifest manifest, byte[] config) {
        PluginArtifacts.Descriptor bundle() {
            return manifest.layers().get(0);
        }
    }

    public Fetched fetch(ImageReference reference, RegistryAuth auth) throws IOException {
        IOException last = null;
        for (RegistryEndpoint endpoint : endpoints.of(reference)) {
            try {
                return fetchFrom(endpoint, reference, auth);
            } catch (IOException unreachable) {
                last = unreachable; // the next endpoint (plain HTTP after HTTPS) may answer
            }
        }
        throw last;
    }

    private Fetched fetchFrom(RegistryEndpoint endpoint, ImageReference reference, RegistryAuth auth)
            throws IOException {
        String wanted = reference.digest() != null ? reference.digest().toString() : reference.tag();
        ManifestResponse response = transport.getManifest(endpoint, reference.path(), wanted,
                PluginArtifacts.ACCEPTED_MANIFESTS, auth);
        Digest actual = Digest.sha256(response.content());
        if (reference.digest() != null && !reference.digest().equals(actual)
                || response.digest() != null && !response.digest().equals(actual)) {
            throw EngineException.invalid("%s: manifest digest mismatch: got %s", reference, actual);
        }
        PluginArtifacts.Manifest manifest = PluginArtifacts.parse(reference.familiarString(), response.content());
        PluginArtifacts.Descriptor configDescriptor = manifest.config();
        byte[] config;
        try (InputStream in = transport.getBlob(endpoint, reference.path(), configDescriptor.parsedDigest(), 0,
                auth)) {
            config = in.readNBytes(1024 * 1024 + 1);
        }
        verify(reference, configDescriptor, Digest.sha256(config), config.length);
        return new Fetched(endpoint, reference, actual, manifest, config);
    }

    /** Downloads the bundle jar into {@code target}, verified and synced, reporting Docker-style progress. */
    public void downloadBundle(Fetched fetched, Path target, RegistryAuth auth, ProgressListener progress)
            throws IOException {
        downloadBlob(fetched, fetched.bundle(), target, auth, progress);
    }

    /** Downloads one layer of the manifest into {@code target} (an existing file), verified and synced. */
    public void downloadBlob(Fetched fetched, PluginArtifacts.Descriptor bundle, Path target, RegistryAuth auth,
                             ProgressListener progress) throws IOException {
        String id = bundle.parsedDigest().shortHex();
        MessageDigest sha = Digest.newSha256();
        long total = 0;
        try (InputStream in = transport.getBlob(fetched.endpoint(), fetched.reference().path(),
                bundle.parsedDigest(), 0, auth);
             FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[64 * 1024];
            long reported = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (total + n > bundle.size()) {
                    throw EngineException.invalid("%s: a blob is larger than its manifest says (%d bytes)",
                            fetched.reference(), bundle.size());
                }
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
                total += n;
                if (total - reported >= PROGRESS_STEP) {
                    progress.onProgress(ProgressMessage.progress(id, "Downloading", total, bundle.size()));
                    reported = total;
                }
            }
            channel.force(true);
        }
        verify(fetched.reference(), bundle, Digest.ofSha256(sha), total);
        progress.onProgress(ProgressMessage.status(id, "Download complete"));
    }

    /** A layer to push: its media type and the file holding it. */
    public record Layer(String mediaType, Path file) {
    }

    /** Uploads what the registry lacks and tags the manifest; returns the manifest's digest. */
    public Digest push(ImageReference reference, byte[] config, List<Layer> layers, RegistryAuth auth,
                       ProgressListener progress) throws IOException {
        IOException last = null;
        for (RegistryEndpoint endpoint : endpoints.of(reference)) {
            try {
                return pushTo(endpoint, reference, config, layers, auth, progress);
            } catch (IOException unreachable) {
                last = unreachable;
            }
        }
        throw last;
    }

    private Digest pushTo(RegistryEndpoint endpoint, ImageReference reference, byte[] config, List<Layer> layers,
                          RegistryAuth auth, ProgressListener progress) throws IOException {
        String repository = reference.path();
        Digest configDigest = Digest.sha256(config);
        List<PluginArtifacts.Descriptor> descriptors = new ArrayList<>();
        for (Layer layer : layers) {
            Digest digest = fileDigest(layer.file());
            long size = Files.size(layer.file());
            if (transport.statBlob(endpoint, repository, digest, auth) < 0) {
                progress.onProgress(ProgressMessage.status(digest.shortHex(), "Preparing"));
                try (InputStream in = Files.newInputStream(layer.file())) {
                    transport.putBlob(endpoint, repository, digest, size, in, auth);
                }
                progress.onProgress(ProgressMessage.status(digest.shortHex(), "Pushed"));
            } else {
                progress.onProgress(ProgressMessage.status(digest.shortHex(), "Layer already exists"));
            }
            descriptors.add(new PluginArtifacts.Descriptor(layer.mediaType(), size, digest.toString()));
        }
        if (transport.statBlob(endpoint, repository, configDigest, auth) < 0) {
            transport.putBlob(endpoint, repository, configDigest, config.length, new ByteArrayInputStream(config),
                    auth);
        }
        byte[] manifest = PluginArtifacts.manifest(
                new PluginArtifacts.Descriptor(PluginArtifacts.PLUGIN_CONFIG, config.length, configDigest.toString()),
                descriptors);
        transport.putManifest(endpoint, repository, reference.tag(), PluginArtifacts.MANIFEST_V2, manifest, auth);
        Digest digest = Digest.sha256(manifest);
        progress.onProgress(ProgressMessage.status(
                "%s: digest: %s size: %d".formatted(reference.tag(), digest, manifest.length)));
        return digest;
    }

    private static void verify(ImageReference reference, PluginArtifacts.Descriptor descriptor, Digest actual,
                               long size) {
        if (!descriptor.parsedDigest().equals(actual) || descriptor.size() != size) {
            throw EngineException.invalid("%s: blob %s failed verification: got %s (%d bytes, %d expected)",
                    reference.familiarString(), descriptor.digest(), actual, size, descriptor.size());
        }
    }

    static Digest fileDigest(Path file) throws IOException {
        MessageDigest sha = Digest.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return Digest.ofSha256(sha);
    }
}
