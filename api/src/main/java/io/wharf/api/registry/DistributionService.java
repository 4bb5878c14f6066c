package io.wharf.api.registry;

import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * docker pull / push / login, built on a {@link RegistryTransport}. Pull and push report Docker's progress
 * messages (the final status lines included); failures are thrown, and callers that have already streamed
 * messages render them as an error message.
 */
@ProviderType
public interface DistributionService {
    /**
     * Pulls an image (or with {@code allTags} every tag of the repository). {@code platform} null means the
     * host's platform. Errors before anything was reported throw Docker-worded EngineExceptions, e.g. NOT_FOUND
     * {@code manifest for busybox:nope not found: manifest unknown: manifest unknown}.
     */
    void pull(ImageReference reference, Platform platform, boolean allTags, RegistryAuth auth,
              ProgressListener progress) throws IOException;

    /** Pushes the tag (or with {@code allTags} every local tag of the repository) to its registry. */
    void push(ImageReference reference, boolean allTags, RegistryAuth auth, ProgressListener progress)
            throws IOException;

    /** Validates credentials against the registry; returns Docker's status text ("Login Succeeded"). */
    String login(RegistryAuth auth) throws IOException;

    /** docker manifest inspect's light form: the manifest's descriptor and the platforms it serves. */
    DistributionInspect inspect(ImageReference reference, RegistryAuth auth) throws IOException;

    /**
     * docker search: the registry's v1 search API where it has one and, beyond Docker, the v2 catalog of a
     * registry that speaks only v2, filtered by the term. A limit outside 1..100 or a term with a scheme is an
     * INVALID_PARAMETER EngineException; a registry that cannot be reached over HTTPS nor (when insecure) HTTP
     * too.
     */
    List<SearchResult> search(SearchQuery query, RegistryAuth auth) throws IOException;
}
