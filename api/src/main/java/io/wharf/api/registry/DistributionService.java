package io.wharf.api.registry;

import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/** docker pull / push / login, built on a {@link RegistryTransport}. */
@ProviderType
public interface DistributionService {
    void pull(ImageReference reference, Platform platform, boolean allTags, RegistryAuth auth,
              ProgressListener progress) throws IOException;

    void push(ImageReference reference, boolean allTags, RegistryAuth auth, ProgressListener progress)
            throws IOException;

    /** Validates credentials against the registry; returns Docker's status text ("Login Succeeded"). */
    String login(RegistryAuth auth) throws IOException;
}
