package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryAuth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** X-Registry-Config's credentials are chosen for an image's registry as moby's ResolveAuthConfig does. */
class RegistryAuthsTest {
    private static RegistryAuth user(String name) {
        return new RegistryAuth(name, "secret", null, null, null);
    }

    @Test
    void theRegistrysHostOrAKeyThatReducesToItIsChosen() {
        Map<String, RegistryAuth> auths = Map.of("127.0.0.1:5000", user("local"),
                "https://registry.example.com/v2/", user("legacy"), RegistryAuths.DOCKER_HUB_KEY, user("hub"));
        assertEquals("local", RegistryAuths.forImage(auths, ImageReference.parse("127.0.0.1:5000/base:1"))
                .username());
        assertEquals("legacy", RegistryAuths.forImage(auths, ImageReference.parse("registry.example.com/a/b"))
                .username());
        assertEquals("hub", RegistryAuths.forImage(auths, ImageReference.parse("busybox")).username());
    }

    @Test
    void noMatchingKeyMeansNoCredentials() {
        assertEquals(RegistryAuth.anonymous(), RegistryAuths.forImage(Map.of("other:5000", user("x")),
                ImageReference.parse("127.0.0.1:5000/base")));
        assertEquals(RegistryAuth.anonymous(), RegistryAuths.forImage(Map.of("docker.io", user("x")),
                ImageReference.parse("busybox"))); // Docker Hub's key is the index URL only
        assertEquals(RegistryAuth.anonymous(), RegistryAuths.forImage(null, ImageReference.parse("busybox")));
    }
}
