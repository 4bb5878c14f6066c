package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.registry.DistributionInspect;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.registry.http.MediaTypes;
import io.wharf.registry.support.Daemon;
import io.wharf.registry.support.FaultProxy;
import io.wharf.registry.support.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against Debian's docker-registry on loopback, without authentication. */
class PlainRegistryTest {
    private static final RegistryAuth ANON = RegistryAuth.anonymous();
    @TempDir
    static Path shared;
    static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
        registry = LocalRegistry.start(shared.resolve("registry"), "");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static List<byte[]> layers(long seed) throws IOException {
        return List.of(Daemon.busyboxLayer(),
                Daemon.tar("data/a.bin", Daemon.random(700_000, seed)),
                Daemon.tar("data/b.bin", Daemon.random(1_500_000, seed + 1), "etc/motd", "hello " + seed));
    }

    @Test
    void pushThenPullGivesTheSameImage(@TempDir Path a, @TempDir Path b) throws Exception {
        String name = registry.host() + "/test/roundtrip:v1";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b)) {
            Digest id = pusher.build(name, Platform.host().architecture(), layers(10));
            Daemon.Recorder push = new Daemon.Recorder();
            pusher.distribution.push(ImageReference.parse(name), false, ANON, push);
            List<String> statuses = push.statuses();
            assertEquals("The push refers to repository [" + registry.host() + "/test/roundtrip]", statuses.get(0));
            assertTrue(statuses.stream().anyMatch(s -> s.endsWith(": Preparing")), statuses.toString());
            assertEquals(3, statuses.stream().filter(s -> s.endsWith(": Pushed")).count(), statuses.toString());
            String last = statuses.get(statuses.size() - 1);
            assertTrue(last.matches("v1: digest: sha256:[a-f0-9]{64} size: \\d+"), last);
            Object aux = push.messages.get(push.messages.size() - 1).aux();
            assertEquals("v1", ((Map<?, ?>) aux).get("Tag"));

            Daemon.Recorder pull = new Daemon.Recorder();
            puller.distribution.pull(ImageReference.parse(name), null, false, ANON, pull);
            Image got = puller.store.inspect(name);
            assertEquals(id, got.id());
            String digest = last.substring(last.indexOf("sha256:"), last.indexOf(" size"));
            assertEquals(List.of(registry.host() + "/test/roundtrip@" + digest), got.repoDigests());
            List<String> ps = pull.statuses();
            assertEquals("v1: Pulling from test/roundtrip", ps.get(0));
            assertEquals(3, ps.stream().filter(s -> s.endsWith(": Pulling fs layer")).count(), ps.toString());
            assertEquals(3, ps.stream().filter(s -> s.endsWith(": Pull complete")).count(), ps.toString());
            assertTrue(ps.stream().anyMatch(s -> s.endsWith(": Verifying Checksum")), ps.toString());
            assertTrue(ps.stream().anyMatch(s -> s.endsWith(": Download complete")), ps.toString());
            assertTrue(pull.messages.stream().anyMatch(m -> "Downloading".equals(m.status())
                    && m.progressDetail() != null && m.progressDetail().total() > 0));
            assertTrue(pull.messages.stream().anyMatch(m -> "Extracting".equals(m.status())));
            assertEquals("Digest: " + digest, ps.get(ps.size() - 2));
            assertEquals("Status: Downloaded newer image for " + name, ps.get(ps.size() - 1));

            // again: nothing to download
            Daemon.Recorder again = new Daemon.Recorder();
            puller.distribution.pull(ImageReference.parse(name), null, false, ANON, again);
            assertEquals(3, again.statuses().stream().filter(s -> s.endsWith(": Already exists")).count());
            assertEquals("Status: Image is up to date for " + name,
                    again.statuses().get(again.statuses().size() - 1));

            // pushing again: the v2 metadata finds every layer without recompressing
            Daemon.Recorder second = new Daemon.Recorder();
            pusher.distribution.push(ImageReference.parse(name), false, ANON, second);
            assertEquals(3, second.statuses().stream().filter(s -> s.endsWith(": Layer already exists")).count(),
                    second.statuses().toString());

            // another repository of the same registry: mounted, not uploaded
            String other = registry.host() + "/test/other:v1";
            pusher.store.addReference(ImageReference.parse(other), id);
            Daemon.Recorder mount = new Daemon.Recorder();
            pusher.distribution.push(ImageReference.parse(other), false, ANON, mount);
            assertEquals(3, mount.statuses().stream().filter(s -> s.endsWith(": Mounted from test/roundtrip"))
                    .count(), mount.statuses().toString());

            DistributionInspect inspect = pusher.distribution.inspect(ImageReference.parse(name), ANON);
            assertEquals(MediaTypes.DOCKER_MANIFEST, inspect.descriptor().mediaType());
            assertEquals(digest, inspect.descriptor().digest());
            assertEquals(List.of(new Platform("linux", Platform.host().architecture(), null)), inspect.platforms());
        }
    }

    @Test
    void unknownTagIsDockersManifestUnknown(@TempDir Path a) throws Exception {
        try (Daemon d = new Daemon(a)) {
            EngineException e = assertThrows(EngineException.class, () -> d.distribution.pull(
                    ImageReference.parse(registry.host() + "/test/nothing:nope"), null, false, ANON, m -> { }));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
            assertEquals("manifest for " + registry.host() + "/test/nothing:nope not found: manifest unknown: "
                    + "manifest unknown", e.getMessage());
        }
    }

    @Test
    void unreachableRegistryIsConnectionRefused(@TempDir Path a) throws Exception {
        int closed = LocalRegistry.freePort();
        try (Daemon d = new Daemon(a)) {
            IOException e = assertThrows(IOException.class, () -> d.distribution.pull(
                    ImageReference.parse("127.0.0.1:" + closed + "/x:latest"), null, false, ANON, m -> { }));
            assertTrue(e.getMessage().contains("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"),
                    e.getMessage());
        }
    }

    @Test
    void droppedConnectionsResumeWithRange(@TempDir Path a, @TempDir Path b) throws Exception {
        String name = registry.host() + "/test/resume:1";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b);
             FaultProxy proxy = new FaultProxy(registry.host())) {
            Digest id = pusher.build(name, "amd64", List.of(Daemon.tar("big.bin", Daemon.random(3_000_000, 77))));
            pusher.distribution.push(ImageReference.parse(name), false, ANON, m -> { });
            proxy.inject(FaultProxy.Fault.DROP, 2);
            String viaProxy = proxy.host() + "/test/resume:1";
            puller.distribution.pull(ImageReference.parse(viaProxy), null, false, ANON, m -> { });
            assertEquals(id, puller.store.inspect(viaProxy).id());
            assertFalse(proxy.rangeRequests.isEmpty(), "the retry resumed with a Range request");
        }
    }

    @Test
    void maxDownloadAttemptsOfOneGivesUpOnTheFirstDroppedConnection(@TempDir Path a, @TempDir Path b)
            throws Exception {
        String name = registry.host() + "/test/attempts:1";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b, List.of(), List.of(), 1);
             FaultProxy proxy = new FaultProxy(registry.host())) {
            pusher.build(name, "amd64", List.of(Daemon.tar("big.bin", Daemon.random(3_000_000, 78))));
            pusher.distribution.push(ImageReference.parse(name), false, ANON, m -> { });
            proxy.inject(FaultProxy.Fault.DROP, 1);
            String viaProxy = proxy.host() + "/test/attempts:1";
            assertThrows(IOException.class, () -> puller.distribution.pull(ImageReference.parse(viaProxy), null,
                    false, ANON, m -> { }));
            assertTrue(proxy.rangeRequests.isEmpty(), "no second attempt");
        }
    }

    @Test
    void brokenDownloadsStoreNothingAndARetrySucceeds(@TempDir Path a, @TempDir Path b) throws Exception {
        String name = registry.host() + "/test/faults:1";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b);
             FaultProxy proxy = new FaultProxy(registry.host())) {
            Digest id = pusher.build(name, "amd64", List.of(Daemon.tar("one.bin", Daemon.random(400_000, 5)),
                    Daemon.tar("two.bin", Daemon.random(2_000_000, 6))));
            pusher.distribution.push(ImageReference.parse(name), false, ANON, m -> { });
            String viaProxy = proxy.host() + "/test/faults:1";

            proxy.inject(FaultProxy.Fault.CORRUPT, 100);
            Daemon.Recorder corrupt = new Daemon.Recorder();
            EngineException wrong = assertThrows(EngineException.class, () -> puller.distribution.pull(
                    ImageReference.parse(viaProxy), null, false, ANON, corrupt));
            assertTrue(wrong.getMessage().startsWith("filesystem layer verification failed for digest sha256:"),
                    wrong.getMessage());
            assertEquals(0, puller.layerCount(), "no layer of a corrupt download is stored");

            proxy.inject(FaultProxy.Fault.DROP, 1000);
            assertThrows(IOException.class, () -> puller.distribution.pull(ImageReference.parse(viaProxy), null,
                    false, ANON, m -> { }));
            assertEquals(0, puller.layerCount(), "no layer of a broken download is stored");
            assertThrows(EngineException.class, () -> puller.store.inspect(viaProxy));

            proxy.inject(FaultProxy.Fault.NONE, 0);
            puller.distribution.pull(ImageReference.parse(viaProxy), null, false, ANON, m -> { });
            assertEquals(id, puller.store.inspect(viaProxy).id());
        }
    }

    @Test
    void concurrentPullsOfOneImageShareTheWork(@TempDir Path a, @TempDir Path b) throws Exception {
        String name = registry.host() + "/test/shared:1";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b)) {
            Digest id = pusher.build(name, "amd64", layers(99));
            pusher.distribution.push(ImageReference.parse(name), false, ANON, m -> { });
            CompletableFuture<Void> one = CompletableFuture.runAsync(() -> pull(puller, name));
            CompletableFuture<Void> two = CompletableFuture.runAsync(() -> pull(puller, name));
            one.get();
            two.get();
            assertEquals(id, puller.store.inspect(name).id());
            assertEquals(3, puller.layerCount());
        }
    }

    private static void pull(Daemon d, String name) {
        try {
            d.distribution.pull(ImageReference.parse(name), null, false, ANON, m -> { });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void manifestListPicksTheRequestedPlatform(@TempDir Path a, @TempDir Path b) throws Exception {
        String repo = registry.host() + "/test/multi";
        String hostArch = Platform.host().architecture();
        String otherArch = hostArch.equals("amd64") ? "arm64" : "amd64";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b)) {
            Digest hostId = pusher.build(repo + ":host", hostArch, List.of(Daemon.tar("arch", hostArch)));
            Digest otherId = pusher.build(repo + ":other", otherArch, List.of(Daemon.tar("arch", otherArch)));
            pusher.distribution.push(ImageReference.parse(repo + ":host"), false, ANON, m -> { });
            pusher.distribution.push(ImageReference.parse(repo + ":other"), false, ANON, m -> { });
            RegistryEndpoint ep = new RegistryEndpoint(URI.create("http://" + registry.host()), true, false);
            ManifestResponse h = pusher.transport.getManifest(ep, "test/multi", "host", MediaTypes.PULLABLE, ANON);
            ManifestResponse o = pusher.transport.getManifest(ep, "test/multi", "other", MediaTypes.PULLABLE, ANON);
            String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                    + entry(o, otherArch) + "," + entry(h, hostArch)
                    + ",{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + h.digest()
                    + "\",\"size\":1,\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}}]}";
            Digest indexDigest = pusher.transport.putManifest(ep, "test/multi", "both", MediaTypes.OCI_INDEX,
                    index.getBytes(StandardCharsets.UTF_8), ANON);

            puller.distribution.pull(ImageReference.parse(repo + ":both"), null, false, ANON, m -> { });
            Image got = puller.store.inspect(repo + ":both");
            assertEquals(hostId, got.id());
            assertTrue(got.repoDigests().contains(repo + "@" + indexDigest), got.repoDigests().toString());

            puller.distribution.pull(ImageReference.parse(repo + ":both"), new Platform("linux", otherArch, null),
                    false, ANON, m -> { });
            assertEquals(otherId, puller.store.inspect(repo + ":both").id());
            assertNotEquals(hostId, otherId);

            DistributionInspect inspect = puller.distribution.inspect(ImageReference.parse(repo + ":both"), ANON);
            assertEquals(MediaTypes.OCI_INDEX, inspect.descriptor().mediaType());
            assertEquals(2, inspect.platforms().size());

            EngineException none = assertThrows(EngineException.class, () -> puller.distribution.pull(
                    ImageReference.parse(repo + ":both"), new Platform("linux", "s390x", null), false, ANON,
                    m -> { }));
            assertTrue(none.getMessage().contains("no matching manifest for linux/s390x"), none.getMessage());
        }
    }

    /**
     * An OCI image whose layer is tar+zstd (as buildkit's compression=zstd pushes it) pulls: the blob is checked
     * against its digest, the tar inside against the config's diff ID.
     */
    @Test
    void aZstdLayerIsPulled(@TempDir Path a) throws Exception {
        byte[] tar = Daemon.tar("zstd/file.txt", "from a zstd layer");
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (var out = new com.github.luben.zstd.ZstdOutputStream(compressed)) {
            out.write(tar);
        }
        byte[] layer = compressed.toByteArray();
        byte[] config = ("{\"architecture\":\"" + Platform.host().architecture() + "\",\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_ZSTD
                + "\",\"digest\":\"" + Digest.sha256(layer) + "\",\"size\":" + layer.length + "}]}";
        String name = registry.host() + "/test/zstd:v1";
        try (Daemon puller = new Daemon(a)) {
            RegistryEndpoint ep = new RegistryEndpoint(URI.create("http://" + registry.host()), true, false);
            for (byte[] blob : List.of(config, layer)) {
                puller.transport.putBlob(ep, "test/zstd", Digest.sha256(blob), blob.length,
                        new java.io.ByteArrayInputStream(blob), ANON);
            }
            puller.transport.putManifest(ep, "test/zstd", "v1", MediaTypes.OCI_MANIFEST,
                    manifest.getBytes(StandardCharsets.UTF_8), ANON);

            puller.distribution.pull(ImageReference.parse(name), null, false, ANON, m -> { });
            Image got = puller.store.inspect(name);
            assertEquals(Digest.sha256(config), got.id());
            try (var entries = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    puller.store.layerTar(Digest.sha256(tar)))) {
                assertEquals("zstd/file.txt", entries.getNextEntry().getName());
                assertEquals("from a zstd layer", new String(entries.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static String entry(ManifestResponse m, String arch) {
        return "{\"mediaType\":\"" + m.mediaType() + "\",\"digest\":\"" + m.digest() + "\",\"size\":"
                + m.content().length + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}}";
    }

    @Test
    void allTagsPullsEveryTag(@TempDir Path a, @TempDir Path b) throws Exception {
        String repo = registry.host() + "/test/tags";
        try (Daemon pusher = new Daemon(a); Daemon puller = new Daemon(b)) {
            Digest one = pusher.build(repo + ":one", "amd64", List.of(Daemon.tar("f", "1")));
            Digest two = pusher.build(repo + ":two", "amd64", List.of(Daemon.tar("f", "2")));
            pusher.distribution.push(ImageReference.parse(repo), true, ANON, m -> { });
            Daemon.Recorder r = new Daemon.Recorder();
            puller.distribution.pull(ImageReference.parse(repo), null, true, ANON, r);
            assertEquals(one, puller.store.inspect(repo + ":one").id());
            assertEquals(two, puller.store.inspect(repo + ":two").id());
            assertEquals("Status: Downloaded newer image for " + repo, r.statuses().get(r.statuses().size() - 1));
        }
    }
}
