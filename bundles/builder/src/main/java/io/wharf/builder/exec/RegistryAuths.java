package io.wharf.builder.exec;

import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryAuth;
import java.util.Map;

/**
 * Picks the credentials of {@code X-Registry-Config} for the registry of an image to pull, as moby's
 * registry.ResolveAuthConfig does: Docker Hub's under {@code https://index.docker.io/v1/}, another registry's under
 * its host, or under any key that is that host once a scheme and a path are taken off (old client configs).
 */
final class RegistryAuths {
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private RegistryAuths() {
    }

    static RegistryAuth forImage(Map<String, RegistryAuth> auths, ImageReference image) {
        if (auths == null || auths.isEmpty()) {
            return RegistryAuth.anonymous();
        }
        boolean hub = ImageReference.DEFAULT_DOMAIN.equals(image.domain());
        String key = hub ? DOCKER_HUB_KEY : image.domain();
        RegistryAuth exact = auths.get(key);
        if (exact != null || hub) {
            return exact != null ? exact : RegistryAuth.anonymous();
        }
        for (Map.Entry<String, RegistryAuth> e : auths.entrySet()) {
            if (key.equals(hostname(e.getKey())) && e.getValue() != null) {
                return e.getValue();
            }
        }
        return RegistryAuth.anonymous();
    }

    /** moby's ConvertToHostname: the part after {@code http(s)://} and before the first {@code /}. */
    static String hostname(String key) {
        String rest = key.startsWith("http://") ? key.substring(7) : key.startsWith("https://") ? key.substring(8)
                : key;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
