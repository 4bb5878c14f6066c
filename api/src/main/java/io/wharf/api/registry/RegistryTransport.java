package io.wharf.api.registry;

import io.wharf.api.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Talks the OCI distribution protocol to one kind of endpoint (HTTP(S) registries by default). A transport is
 * a service with {@value #SCHEME_PROPERTY} naming the URI schemes it serves; authentication (Basic, Bearer
 * tokens) is the transport's business. Not-found answers throw NOT_FOUND, refused credentials UNAUTHORIZED.
 */
@ConsumerType
public interface RegistryTransport {
    String SCHEME_PROPERTY = "wharf.registry.scheme";

    /** GET /v2/: reachability and credentials check (docker login). Returns the status message Docker shows. */
    String ping(RegistryEndpoint endpoint, RegistryAuth auth) throws IOException;

    ManifestResponse getManifest(RegistryEndpoint endpoint, String repository, String reference,
                                 List<String> acceptedMediaTypes, RegistryAuth auth) throws IOException;

    /** The blob's bytes, starting at {@code offset} (for resumed downloads); the caller verifies the digest. */
    InputStream getBlob(RegistryEndpoint endpoint, String repository, Digest digest, long offset, RegistryAuth auth)
            throws IOException;

    /** Size of the blob when the registry has it, or -1. */
    long statBlob(RegistryEndpoint endpoint, String repository, Digest digest, RegistryAuth auth) throws IOException;

    /** Uploads a blob, or mounts it from {@code mountFrom} when the registry allows. */
    void putBlob(RegistryEndpoint endpoint, String repository, Digest digest, long size, InputStream content,
                 String mountFrom, RegistryAuth auth) throws IOException;

    Digest putManifest(RegistryEndpoint endpoint, String repository, String reference, String mediaType,
                       byte[] content, RegistryAuth auth) throws IOException;

    List<String> listTags(RegistryEndpoint endpoint, String repository, RegistryAuth auth) throws IOException;
}
