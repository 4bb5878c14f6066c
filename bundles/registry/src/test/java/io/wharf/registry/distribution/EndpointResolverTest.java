package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryEndpoint;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointResolverTest {
    private final EndpointResolver resolver = new EndpointResolver(
            List.of("http://127.0.0.1:5001/", "https://mirror.example.com"),
            List.of("registry.internal:5000", "10.20.0.0/16"));

    @Test
    void dockerHubNamesGoToTheMirrorsThenToRegistryOne() {
        List<RegistryEndpoint> eps = resolver.pullEndpoints(ImageReference.parse("busybox"));
        assertEquals(List.of(
                new RegistryEndpoint(URI.create("http://127.0.0.1:5001"), true, true),
                new RegistryEndpoint(URI.create("https://mirror.example.com"), false, true),
                new RegistryEndpoint(URI.create("https://registry-1.docker.io"), false, false)), eps);
    }

    @Test
    void mirrorsAreNotForOtherRegistriesNorForPush() {
        assertEquals(List.of(new RegistryEndpoint(URI.create("https://quay.io"), false, false)),
                resolver.pullEndpoints(ImageReference.parse("quay.io/a/b:1")));
        assertEquals(List.of(new RegistryEndpoint(URI.create("https://registry-1.docker.io"), false, false)),
                resolver.pushEndpoints(ImageReference.parse("me/app")));
    }

    @Test
    void insecureRegistriesTryHttpsWithoutVerificationThenHttp() {
        assertEquals(List.of(new RegistryEndpoint(URI.create("https://registry.internal:5000"), true, false),
                        new RegistryEndpoint(URI.create("http://registry.internal:5000"), true, false)),
                resolver.pullEndpoints(ImageReference.parse("registry.internal:5000/app")));
    }

    @Test
    void loopbackAndListedNetworksAreInsecure() {
        assertTrue(resolver.isInsecure("127.0.0.1:5000"));
        assertTrue(resolver.isInsecure("127.3.4.5"));
        assertTrue(resolver.isInsecure("localhost:5000"));
        assertTrue(resolver.isInsecure("10.20.30.40:443"));
        assertFalse(resolver.isInsecure("10.21.0.1:443"));
        assertFalse(resolver.isInsecure("registry.internal:5001"));
        assertEquals("http://localhost:5000", resolver.pullEndpoints(ImageReference.parse("localhost:5000/x"))
                .get(1).baseUri().toString());
    }

    @Test
    void loginNamesDockerHubInSeveralWays() {
        RegistryEndpoint hub = new RegistryEndpoint(URI.create("https://registry-1.docker.io"), false, false);
        assertEquals(List.of(hub), resolver.endpointsFor(null));
        assertEquals(List.of(hub), resolver.endpointsFor("https://index.docker.io/v1/"));
        assertEquals(List.of(hub), resolver.endpointsFor("docker.io"));
        assertEquals("http://127.0.0.1:5000", resolver.endpointsFor("http://127.0.0.1:5000").get(1).baseUri()
                .toString());
    }
}
