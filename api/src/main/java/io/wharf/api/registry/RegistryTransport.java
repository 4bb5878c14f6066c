package io.wharf.api.registry;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Talks the OCI distribution protocol to one kind of endpoint (HTTP(S) registries by default). A transport is
 * a service with {@value #SCHEME_PROPERTY} naming the URI schemes it serves; authentication (Basic, Bearer
 * tokens for the scope each operation needs) is the transport's business.
 *
 * <p>Errors: answers the registry gives are {@link io.wharf.api.errors.EngineException}s whose message is
 * Docker's rendering of the registry's error ({@code manifest unknown: manifest unknown}); not-found answers
 * have kind NOT_FOUND, refused credentials UNAUTHORIZED or FORBIDDEN. Failures to reach the registry or
 * connections dropped mid-way are plain {@link IOException}s, which callers may retry.
 */
@ConsumerType
public interface RegistryTransport {
    String SCHEME_PROPERTY = "wharf.registry.scheme";

    /** GET /v2/ and, when challenged, a credentials check (docker login). Returns Docker's status text. */
    String ping(RegistryEndpoint endpoint, RegistryAuth auth) throws IOException;

    /** GET a manifest or index by tag or digest; schema1 manifests are refused with a clear message. */
    ManifestResponse getManifest(RegistryEndpoint endpoint, String repository, String reference,
                                 List<String> acceptedMediaTypes, RegistryAuth auth) throws IOException;

    /**
     * The blob's bytes, starting at {@code offset} (for resumed downloads); redirects to storage are followed.
     * The caller verifies the digest.
     */
    InputStream getBlob(RegistryEndpoint endpoint, String repository, Digest digest, long offset, RegistryAuth auth)
            throws IOException;

    /** Size of the blob when the registry has it in {@code repository}, or -1. */
    long statBlob(RegistryEndpoint endpoint, String repository, Digest digest, RegistryAuth auth) throws IOException;

    /**
     * Asks the registry to mount a blob that {@code fromRepository} (same registry) holds. Returns false when the
     * registry declined (then the blob must be uploaded).
     */
    boolean mountBlob(RegistryEndpoint endpoint, String repository, Digest digest, String fromRepository,
                      RegistryAuth auth) throws IOException;

    /** Uploads a blob: POST an upload session, stream the content (PATCH), then PUT with the digest. */
    void putBlob(RegistryEndpoint endpoint, String repository, Digest digest, long size, InputStream content,
                 RegistryAuth auth) throws IOException;

    /** PUT a manifest by tag or digest; returns the digest the registry reports (or computes). */
    Digest putManifest(RegistryEndpoint endpoint, String repository, String reference, String mediaType,
                       byte[] content, RegistryAuth auth) throws IOException;

    List<String> listTags(RegistryEndpoint endpoint, String repository, RegistryAuth auth) throws IOException;

    /**
     * GET /v1/search?q=&n= (Docker Hub's and v1 registries' search). A registry without it (404) is NOT_FOUND;
     * other answers but 200 are SYSTEM errors {@code unexpected status code N}, as Docker words them.
     */
    default List<SearchResult> searchV1(RegistryEndpoint endpoint, String term, int limit, RegistryAuth auth)
            throws IOException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "this registry transport has no v1 search");
    }

    /** GET /v2/_catalog, following its Link pages up to {@code max} repository names. */
    default List<String> catalog(RegistryEndpoint endpoint, int max, RegistryAuth auth) throws IOException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "this registry transport has no catalog");
    }
}
