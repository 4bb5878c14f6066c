package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A registry in memory behind the transport SPI; blobs can be tampered with after upload. */
final class InMemoryRegistry implements RegistryTransport {
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>();

    @Override
    public String ping(RegistryEndpoint endpoint, RegistryAuth auth) {
        return "Login Succeeded";
    }

    @Override
    public ManifestResponse getManifest(RegistryEndpoint endpoint, String repository, String reference,
                                        List<String> acceptedMediaTypes, RegistryAuth auth) {
        byte[] content = manifests.get(repository + ":" + reference);
        if (content == null) {
            throw EngineException.notFound("manifest unknown: manifest unknown");
        }
        return new ManifestResponse(PluginArtifacts.MANIFEST_V2, null, content);
    }

    @Override
    public InputStream getBlob(RegistryEndpoint endpoint, String repository, Digest digest, long offset,
                               RegistryAuth auth) {
        byte[] content = blobs.get(repository + "@" + digest);
        if (content == null) {
            throw EngineException.notFound("blob unknown: blob unknown to registry");
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public long statBlob(RegistryEndpoint endpoint, String repository, Digest digest, RegistryAuth auth) {
        byte[] content = blobs.get(repository + "@" + digest);
        return content == null ? -1 : content.length;
    }

    @Override
    public boolean mountBlob(RegistryEndpoint endpoint, String repository, Digest digest, String fromRepository,
                             RegistryAuth auth) {
        return false;
    }

    @Override
    public void putBlob(RegistryEndpoint endpoint, String repository, Digest digest, long size, InputStream content,
                        RegistryAuth auth) throws IOException {
        blobs.put(repository + "@" + digest, content.readAllBytes());
    }

    @Override
    public Digest putManifest(RegistryEndpoint endpoint, String repository, String reference, String mediaType,
                              byte[] content, RegistryAuth auth) {
        manifests.put(repository + ":" + reference, content);
        return Digest.sha256(content);
    }

    @Override
    public List<String> listTags(RegistryEndpoint endpoint, String repository, RegistryAuth auth) {
        return List.of();
    }
}
