package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.ImageReference;
import io.wharf.registry.http.RegistryErrors;
import io.wharf.registry.http.RegistryErrors.RegistryException;

/** moby's translatePullError: registry answers reworded with the image name, kept NOT_FOUND as dockerd does. */
final class PullErrors {
    private PullErrors() {
    }

    static RuntimeException translate(EngineException e, ImageReference ref) {
        String code = e instanceof RegistryException r ? r.code() : null;
        if (RegistryErrors.MANIFEST_UNKNOWN.equals(code)) {
            return EngineException.notFound("manifest for %s not found: %s", ref.familiarString(), e.getMessage());
        }
        if (RegistryErrors.NAME_UNKNOWN.equals(code)) {
            return EngineException.notFound("repository %s not found: %s", ref.familiarName(), e.getMessage());
        }
        if (RegistryErrors.DENIED.equals(code) || e.kind() == ErrorKind.UNAUTHORIZED
                || e.kind() == ErrorKind.FORBIDDEN) {
            return EngineException.notFound(
                    "pull access denied for %s, repository does not exist or may require 'docker login': %s",
                    ref.familiarName(), e.getMessage());
        }
        return e;
    }
}
