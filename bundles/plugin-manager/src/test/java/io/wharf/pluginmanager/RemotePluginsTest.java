package io.wharf.pluginmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.RegistryAuth;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemotePluginsTest {
    private static final RegistryAuth ANONYMOUS = RegistryAuth.anonymous();
    @TempDir
    Path dir;
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final RemotePlugins remote = new RemotePlugins(registry, new PluginEndpoints(List.of("reg.example:5000")));

    @Test
    void aManifestFetchedByDigestMustHaveThatDigest() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "jar");
        Digest pushed = remote.push(PluginNames.reference("localhost:5000/acme/x:1.0"),
                PluginContexts.config("x").getBytes(StandardCharsets.UTF_8),
                List.of(new RemotePlugins.Layer(PluginArtifacts.BUNDLE_LAYER, jar)), ANONYMOUS, ProgressListener.NONE);
        registry.manifests.put("acme/x:" + pushed, registry.manifests.get("acme/x:1.0"));
        assertEquals(pushed, remote.fetch(PluginNames.reference("localhost:5000/acme/x@" + pushed), ANONYMOUS)
                .manifestDigest());

        Digest other = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        registry.manifests.put("acme/x:" + other, registry.manifests.get("acme/x:1.0"));
        EngineException e = assertThrows(EngineException.class,
                () -> remote.fetch(PluginNames.reference("localhost:5000/acme/x@" + other), ANONYMOUS));
        assertTrue(e.getMessage().contains("manifest digest mismatch"), e.getMessage());
    }

    @Test
    void anImageIsNotAPlugin() {
        registry.manifests.put("busybox:latest", ("{\"schemaVersion\":2,\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":\"sha256:"
                + "a".repeat(64) + "\"},\"layers\":[]}").getBytes(StandardCharsets.UTF_8));
        EngineException e = assertThrows(EngineException.class,
                () -> remote.fetch(PluginNames.reference("localhost:5000/busybox"), ANONYMOUS));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().endsWith("(target is image)"), e.getMessage());
    }

    @Test
    void loopbackAndListedRegistriesAreTriedOverHttpsThenHttpOthersOverVerifiedHttps() {
        PluginEndpoints endpoints = new PluginEndpoints(List.of("http://reg.example:5000/"));
        assertEquals(List.of(URI.create("https://localhost:5000"), URI.create("http://localhost:5000")),
                endpoints.of(PluginNames.reference("localhost:5000/a/b")).stream()
                        .map(e -> e.baseUri()).toList());
        assertEquals(2, endpoints.of(PluginNames.reference("reg.example:5000/a/b")).size());
        var hub = endpoints.of(PluginNames.reference("acme/x"));
        assertEquals(URI.create("https://registry-1.docker.io"), hub.get(0).baseUri());
        assertEquals(1, endpoints.of(PluginNames.reference("other.example/a/b")).size());
        assertEquals("acme/x:latest", PluginNames.normalize("docker.io/acme/x"));
        assertEquals("localhost:5000/acme/x:latest", PluginNames.localNameOf("localhost:5000/acme/x@sha256:"
                + "a".repeat(64)));
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> PluginNames.normalize("acme/x@sha256:" + "a".repeat(64))).kind());
    }
}
