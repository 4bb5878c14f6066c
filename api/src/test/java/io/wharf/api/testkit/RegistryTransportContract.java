package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link RegistryTransport} must do for pull and push (the OCI distribution protocol), against a real
 * registry on loopback that the driver's test starts ({@link #startRegistry}) and that allows anonymous pushes.
 * Every test uses repositories of its own, so one registry serves the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RegistryTransportContract {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final RegistryAuth ANONYMOUS = RegistryAuth.anonymous();

    protected RegistryTransport transport;
    protected RegistryEndpoint registry;

    /** The transport under test. */
    protected abstract RegistryTransport open() throws IOException;

    /** Starts an empty registry on loopback that the transport can reach, keeping its files under {@code dir}. */
    protected abstract RegistryEndpoint startRegistry(Path dir) throws Exception;

    /** Stops the registry {@link #startRegistry} started. */
    protected abstract void stopRegistry() throws Exception;

    @BeforeAll
    void start(@TempDir Path registryDir) throws Exception {
        registry = startRegistry(registryDir);
        transport = open();
    }

    @AfterAll
    void stop() throws Exception {
        stopRegistry();
    }

    @Test
    void theRegistryAnswersAPing() throws IOException {
        assertNotNull(transport.ping(registry, ANONYMOUS));
    }

    @Test
    void aBlobIsUploadedFoundAndReadFromAnyOffset() throws IOException {
        String repo = repository();
        byte[] content = randomBytes(300_000);
        Digest digest = Digest.sha256(content);
        transport.putBlob(registry, repo, digest, content.length, new ByteArrayInputStream(content), ANONYMOUS);
        assertEquals(content.length, transport.statBlob(registry, repo, digest, ANONYMOUS));
        assertArrayEquals(content, read(transport.getBlob(registry, repo, digest, 0, ANONYMOUS)));
        assertArrayEquals(Arrays.copyOfRange(content, 123_456, content.length),
                read(transport.getBlob(registry, repo, digest, 123_456, ANONYMOUS)), "a resumed download");
    }

    @Test
    void aBlobTheRepositoryLacksStatsAsMinusOne() throws IOException {
        Digest absent = Digest.sha256(randomBytes(64));
        assertEquals(-1, transport.statBlob(registry, repository(), absent, ANONYMOUS));
    }

    @Test
    void aManifestIsReadBackByTagAndByDigestAsItWasPut() throws IOException {
        String repo = repository();
        byte[] manifest = pushImage(repo);
        Digest digest = transport.putManifest(registry, repo, "v1", OCI_MANIFEST, manifest, ANONYMOUS);
        assertEquals(Digest.sha256(manifest), digest);
        for (String reference : List.of("v1", digest.toString())) {
            ManifestResponse got = transport.getManifest(registry, repo, reference, List.of(OCI_MANIFEST), ANONYMOUS);
            assertArrayEquals(manifest, got.content(), reference);
            assertEquals(digest, got.digest(), reference);
            assertEquals(OCI_MANIFEST, got.mediaType(), reference);
        }
        transport.putManifest(registry, repo, "v2", OCI_MANIFEST, manifest, ANONYMOUS);
        List<String> tags = transport.listTags(registry, repo, ANONYMOUS);
        assertTrue(tags.containsAll(List.of("v1", "v2")), tags.toString());
    }

    @Test
    void anUnknownManifestIsNotFound() throws IOException {
        String repo = repository();
        pushImage(repo);
        for (String missing : List.of("no-such-tag", Digest.sha256(randomBytes(16)).toString())) {
            EngineException e = assertThrows(EngineException.class,
                    () -> transport.getManifest(registry, repo, missing, List.of(OCI_MANIFEST), ANONYMOUS));
            assertEquals(ErrorKind.NOT_FOUND, e.kind(), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void aBlobIsMountedFromAnotherRepositoryOrUploadedWhenTheRegistryDeclines() throws IOException {
        String from = repository();
        String to = repository();
        byte[] content = randomBytes(4096);
        Digest digest = Digest.sha256(content);
        transport.putBlob(registry, from, digest, content.length, new ByteArrayInputStream(content), ANONYMOUS);
        if (!transport.mountBlob(registry, to, digest, from, ANONYMOUS)) {
            transport.putBlob(registry, to, digest, content.length, new ByteArrayInputStream(content), ANONYMOUS);
        }
        assertEquals(content.length, transport.statBlob(registry, to, digest, ANONYMOUS));
    }

    @Test
    void theCatalogListsPushedRepositoriesUpToItsBound() throws IOException {
        List<String> repos = List.of(repository(), repository(), repository());
        for (String repo : repos) {
            transport.putManifest(registry, repo, "v1", OCI_MANIFEST, pushImage(repo), ANONYMOUS);
        }
        List<String> all;
        try {
            all = transport.catalog(registry, 10_000, ANONYMOUS);
        } catch (EngineException e) {
            assumeTrue(e.kind() != ErrorKind.NOT_IMPLEMENTED, "the transport has no catalog");
            throw e;
        }
        assertTrue(all.containsAll(repos), all.toString());
        assertEquals(2, transport.catalog(registry, 2, ANONYMOUS).size(), "the bound was not kept");
    }

    @Test
    void aRegistryThatCannotBeReachedIsAnIOExceptionToRetry() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        RegistryEndpoint nowhere = new RegistryEndpoint(URI.create("http://127.0.0.1:" + closed), true, false);
        IOException e = assertThrows(IOException.class, () -> transport.getManifest(nowhere, repository(), "v1",
                List.of(OCI_MANIFEST), ANONYMOUS));
        assertNotNull(e.getMessage());
    }

    /** Pushes a config and a layer to {@code repo}; returns an OCI manifest that refers to them. */
    private byte[] pushImage(String repo) throws IOException {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = randomBytes(1024);
        for (byte[] blob : List.of(config, layer)) {
            transport.putBlob(registry, repo, Digest.sha256(blob), blob.length, new ByteArrayInputStream(blob),
                    ANONYMOUS);
        }
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.sha256(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + Digest.sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String repository() {
        return "contract/r" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
