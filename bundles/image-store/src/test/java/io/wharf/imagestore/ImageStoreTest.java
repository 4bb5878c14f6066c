package io.wharf.imagestore;

import static io.wharf.imagestore.Tars.gzip;
import static io.wharf.imagestore.Tars.str;
import static io.wharf.imagestore.Tars.tar;
import static io.wharf.imagestore.Tars.untar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.events.Event;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.image.Layer;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.support.DockerfileChanges;
import io.wharf.support.FormatVersion;
import io.wharf.support.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path tmp;
    DirDriver driver;
    ImageStore store;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final AtomicReference<ImageUsage> usage = new AtomicReference<>();

    @BeforeEach
    void setUp() throws IOException {
        driver = new DirDriver(tmp.resolve("testfs"));
        store = open();
    }

    ImageStore open() throws IOException {
        return new ImageStore(tmp.resolve("image/testfs"), driver, events::add, usage);
    }

    Digest importImage(String tag, String... files) throws IOException {
        return importImage(tag, null, files);
    }

    Digest importImage(String tag, ContainerConfig config, String... files) throws IOException {
        ImageConfig template = new ImageConfig(null, null, null, null, null, "my message", null, config, null, null);
        return store.importRootfs(new ByteArrayInputStream(gzip(tar(files))), template,
                tag == null ? null : ImageReference.parse(tag), m -> { });
    }

    static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    @Test
    void importInspectAndResolve() throws IOException {
        List<ProgressMessage> progress = new ArrayList<>();
        ContainerConfig cfg = DockerfileChanges.apply(List.of("CMD [\"sh\"]", "ENV A=B"), ContainerConfig.empty());
        ImageConfig template = new ImageConfig(null, null, null, null, null, "hello", null, cfg, null, null);
        Digest id = store.importRootfs(new ByteArrayInputStream(gzip(tar("bin/sh", "#!", "etc/hostname", "x"))),
                template, ref("busybox"), progress::add);
        assertEquals(List.of(ProgressMessage.status(id.toString())), progress);

        Image img = store.inspect("busybox");
        assertEquals(id, img.id());
        assertEquals(List.of("busybox:latest"), img.repoTags());
        assertEquals(List.of("sh"), img.config().config().cmd());
        assertEquals(List.of("A=B"), img.config().config().env());
        assertEquals("hello", img.config().comment());
        assertEquals("linux", img.config().os());
        assertEquals(1, img.config().diffIds().size());
        assertEquals(3, img.size());
        assertTrue(img.config().created().endsWith("Z"));
        assertEquals(id, Digest.sha256(img.rawConfig()));
        // the stored bytes keep dockerd's key order, and leave out what is not set
        com.fasterxml.jackson.databind.JsonNode raw = io.wharf.support.Json.MAPPER.readTree(img.rawConfig());
        List<String> keys = new ArrayList<>();
        raw.fieldNames().forEachRemaining(keys::add);
        keys.remove("variant"); // only on hosts whose platform has one
        assertEquals(List.of("architecture", "comment", "config", "created", "history", "os", "rootfs"), keys);
        assertEquals("{\"created\":\"" + img.config().created() + "\",\"created_by\":\"Imported from -\","
                + "\"comment\":\"hello\"}", raw.get("history").get(0).toString());
        assertTrue(img.lastTagTime() != null);

        for (String name : List.of("busybox:latest", "library/busybox", "docker.io/library/busybox:latest",
                "index.docker.io/library/busybox", id.toString(), id.hex(), id.hex().substring(0, 12),
                "sha256:" + id.hex().substring(0, 5), id.hex().substring(0, 1))) {
            assertEquals(id, store.inspect(name).id(), name);
        }
        EngineException e = assertThrows(EngineException.class, () -> store.inspect("nothere"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("No such image: nothere", e.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> store.inspect("busybox:1")).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> store.inspect("Busy:box:x")).kind());

        List<HistoryItem> h = store.history("busybox");
        assertEquals(1, h.size());
        assertEquals(id.toString(), h.get(0).id());
        assertEquals("Imported from -", h.get(0).createdBy());
        assertEquals("hello", h.get(0).comment());
        assertEquals(List.of("busybox:latest"), h.get(0).tags());
        assertEquals(3, h.get(0).size());
        assertTrue(events.stream().anyMatch(ev -> ev.action().equals("import") && ev.actorId().equals(id.toString())));
        assertTrue(events.stream().anyMatch(ev -> ev.action().equals("tag")
                && "busybox:latest".equals(ev.attributes().get("name"))));
    }

    @Test
    void importDetectsCompression() throws IOException {
        byte[] plain = tar("a", "1");
        Digest id1 = store.importRootfs(new ByteArrayInputStream(plain), null, null, null);
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
            out.write(plain);
        }
        Digest id2 = store.importRootfs(new ByteArrayInputStream(bz.toByteArray()), null, null, null);
        assertEquals(store.inspect(id1.toString()).config().diffIds(), store.inspect(id2.toString()).config().diffIds());
        assertEquals(Digest.sha256(plain), store.inspect(id1.toString()).config().diffIds().get(0));
        // same layer shared: one driver layer
        assertEquals(1, driver.layerCount());
    }

    @Test
    void tagReplacesAndAmbiguousPrefix() throws IOException {
        Digest a = importImage("busybox", "a", "1");
        Digest b = importImage(null, "b", "2");
        store.tag(b.toString(), ref("busybox"));
        assertEquals(b, store.inspect("busybox").id());
        assertEquals(List.of(), store.inspect(a.toString()).repoTags());
        store.tag("busybox", ref("localhost:5000/foo/bar:v1"));
        assertEquals(b, store.inspect("localhost:5000/foo/bar:v1").id());
        assertEquals(List.of("busybox:latest", "localhost:5000/foo/bar:v1"), store.inspect(b.toString()).repoTags());
        assertThrows(EngineException.class, () -> store.tag("busybox", ref("foo@sha256:" + "a".repeat(64))));

        // ambiguous prefix: find a common first hex char among many images
        Map<Character, Digest> seen = new LinkedHashMap<>();
        seen.put(a.hex().charAt(0), a);
        Character dup = seen.containsKey(b.hex().charAt(0)) ? b.hex().charAt(0) : null;
        seen.put(b.hex().charAt(0), b);
        for (int i = 0; dup == null && i < 40; i++) {
            Digest d = importImage(null, "f" + i, "x" + i);
            if (seen.containsKey(d.hex().charAt(0))) {
                dup = d.hex().charAt(0);
            }
            seen.put(d.hex().charAt(0), d);
        }
        String prefix = String.valueOf(dup);
        assertThrows(EngineException.class, () -> store.inspect(prefix));
    }

    @Test
    void rmiByNameUntagsThenDeletes() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        store.tag("busybox", ref("other:1"));
        List<DeleteResponse> r = store.remove("busybox", false, false);
        assertEquals(List.of(DeleteResponse.untagged("busybox:latest")), r);
        assertEquals(List.of("other:1"), store.inspect(id.toString()).repoTags());

        r = store.remove("other:1", false, false);
        assertEquals(DeleteResponse.untagged("other:1"), r.get(0));
        assertEquals(DeleteResponse.deleted(id.toString()), r.get(1));
        assertEquals(3, r.size(), r.toString()); // + the layer
        assertTrue(r.get(2).deleted().startsWith("sha256:"));
        assertEquals(0, store.count());
        assertEquals(0, driver.layerCount());
        assertTrue(events.stream().anyMatch(ev -> ev.action().equals("delete")));
        assertTrue(events.stream().anyMatch(ev -> ev.action().equals("untag")));
    }

    @Test
    void rmiByIdWithSeveralRepositories() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        store.tag("busybox", ref("other:1"));
        EngineException e = assertThrows(EngineException.class, () -> store.remove(id.hex(), false, false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("conflict: unable to delete " + id.shortHex()
                + " (must be forced) - image is referenced in multiple repositories", e.getMessage());
        List<DeleteResponse> r = store.remove(id.hex().substring(0, 12), true, false);
        assertTrue(r.contains(DeleteResponse.untagged("busybox:latest")));
        assertTrue(r.contains(DeleteResponse.untagged("other:1")));
        assertTrue(r.contains(DeleteResponse.deleted(id.toString())));
        assertEquals(0, store.count());
    }

    @Test
    void rmiByIdSingleRepositoryUntagsAndDeletes() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        store.tag("busybox", ref("busybox:2"));
        // two tags in the same repository are "multiple" for Docker too (more than one tag reference)
        assertThrows(EngineException.class, () -> store.remove(id.toString(), false, false));
        store.remove("busybox:2", false, false);
        List<DeleteResponse> r = store.remove(id.toString(), false, false);
        assertEquals(DeleteResponse.untagged("busybox:latest"), r.get(0));
        assertEquals(DeleteResponse.deleted(id.toString()), r.get(1));
    }

    @Test
    void rmiConflictsWithContainers() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        List<String> running = new ArrayList<>();
        List<String> stopped = new ArrayList<>(List.of("c0ffee000001"));
        store.setImageUsage((imageId, runningOnly) -> {
            if (!imageId.equals(id)) {
                return List.of();
            }
            List<String> all = new ArrayList<>(running);
            if (!runningOnly) {
                all.addAll(stopped);
            }
            return all;
        });
        EngineException e = assertThrows(EngineException.class, () -> store.remove(id.hex(), false, false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("conflict: unable to delete " + id.shortHex()
                + " (must be forced) - image is being used by stopped container c0ffee000001", e.getMessage());
        e = assertThrows(EngineException.class, () -> store.remove("busybox", false, false));
        assertTrue(e.getMessage().startsWith("conflict: unable to remove repository reference \"busybox\""),
                e.getMessage());

        stopped.clear();
        running.add("beef00000001");
        e = assertThrows(EngineException.class, () -> store.remove(id.hex(), true, false));
        assertEquals("conflict: unable to delete " + id.shortHex()
                + " (cannot be forced) - image is being used by running container beef00000001", e.getMessage());
        assertEquals(1, store.count());

        running.clear();
        stopped.add("c0ffee000001");
        List<DeleteResponse> r = store.remove(id.hex(), true, false);
        assertTrue(r.contains(DeleteResponse.deleted(id.toString())));
    }

    @Test
    void forceRemovedImageKeepsLayersForItsContainer() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        ContainerLayers rw = new ContainerLayers(store);
        rw.create("ctr1", id);
        Path root = rw.mount("ctr1");
        assertEquals("1", Files.readString(root.resolve("a")));
        assertEquals("testfs", rw.driverName());
        store.remove("busybox", true, false);
        assertEquals(0, store.count());
        assertEquals(2, driver.layerCount()); // image layer + rw layer
        rw.remove("ctr1");
        assertEquals(0, driver.layerCount());
        assertThrows(EngineException.class, () -> rw.mount("ctr1"));
    }

    @Test
    void aContainersHoldOnItsImageLayerIsCountedFromItsMountFileAfterARestart() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        Digest top = store.topLayer(id);
        Path layerJson = tmp.resolve("image/testfs/layerdb/sha256").resolve(top.hex()).resolve("layer.json");
        Object written = Files.readAttributes(layerJson, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        new ContainerLayers(store).create("ctr1", id);
        assertEquals(2, store.layers().references(top));
        assertEquals(written, Files.readAttributes(layerJson,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "no durable write for a container");

        ImageStore again = open(); // a restart: the count comes from the image and the container's mount file
        assertEquals(2, again.layers().references(top));
        again.remove("busybox", true, false);
        assertEquals(1, again.layers().references(top), "the container still holds it");
        new ContainerLayers(again).remove("ctr1");
        assertEquals(0, driver.layerCount());
        assertEquals(0, open().layers().references(top));
    }

    @Test
    void anEngineTakingARunningContainerOverAddsNoUserToItsMount() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        ContainerLayers rw = new ContainerLayers(store);
        rw.create("ctr1", id);
        Path root = rw.mount("ctr1"); // the engine that started it, replaced since
        assertEquals(root, rw.adoptMount("ctr1")); // the engine that replaced it
        assertEquals(1, driver.mountUsers.get("ctr1"));
        rw.unmount("ctr1"); // the container's exit
        assertNull(driver.mountUsers.get("ctr1"), "still mounted after the container's one release");

        rw.mount("ctr1");
        ContainerLayers afterSwap = new ContainerLayers(store); // a store on a swapped driver holds nothing yet
        assertEquals(root, afterSwap.adoptMount("ctr1"));
        assertEquals(2, driver.mountUsers.get("ctr1"), "a new store counts its own user");
    }

    @Test
    void sharedLayersAndHistoryOfMultiLayerImage() throws IOException {
        byte[] base = tar("etc/os", "base");
        byte[] app = tar("app/run", "go");
        Layer l1 = store.registerLayer(null, new ByteArrayInputStream(base), Digest.sha256(base));
        Layer l2 = store.registerLayer(l1.chainId(), new ByteArrayInputStream(app), null);
        assertEquals(Digest.sha256(app), l2.diffId());
        // a wrong expected diff ID leaves nothing
        byte[] bad = tar("x", "y");
        EngineException e = assertThrows(EngineException.class,
                () -> store.registerLayer(l1.chainId(), new ByteArrayInputStream(bad), Digest.sha256(base)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(2, driver.layerCount());

        String config1 = config(List.of(l1.diffId()), """
                [{"created":"2024-01-01T00:00:00Z","created_by":"ADD base"}]""", "{\"Labels\":{\"tier\":\"base\"}}");
        String config2 = config(List.of(l1.diffId(), l2.diffId()), """
                [{"created":"2024-01-01T00:00:00Z","created_by":"ADD base"},
                 {"created":"2024-01-02T00:00:00Z","created_by":"ENV X=1","empty_layer":true},
                 {"created":"2024-01-03T00:00:00Z","created_by":"COPY app","comment":"c"}]""", "{}");
        Digest baseId = store.storeImage(config1.getBytes(StandardCharsets.UTF_8), null);
        Digest appId = store.storeImage(config2.getBytes(StandardCharsets.UTF_8), null);
        store.addReference(ref("base:1"), baseId);
        store.addReference(ref("app"), appId);

        List<HistoryItem> h = store.history("app");
        assertEquals(3, h.size());
        assertEquals(appId.toString(), h.get(0).id());
        assertEquals(List.of("app:latest"), h.get(0).tags());
        assertEquals("COPY app", h.get(0).createdBy());
        assertEquals(l2.size(), h.get(0).size());
        assertEquals("<missing>", h.get(1).id());
        assertEquals(0, h.get(1).size());
        assertNull(h.get(1).tags());
        assertEquals("<missing>", h.get(2).id());
        assertEquals(l1.size(), h.get(2).size());
        assertEquals(1704067200L, h.get(2).created());

        assertEquals(l1.size() + l2.size(), store.inspect("app").size());
        store.remove("base:1", false, false);
        assertTrue(store.hasLayer(l1.chainId()));
        store.remove("app", false, false);
        assertFalse(store.hasLayer(l1.chainId()));
        assertEquals(0, driver.layerCount());
    }

    static String config(List<Digest> diffIds, String history, String cfg) {
        StringBuilder ids = new StringBuilder();
        for (Digest d : diffIds) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(d).append('"');
        }
        return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-03T00:00:00Z\",\"config\":" + cfg
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]},\"history\":" + history + "}";
    }

    @Test
    void reAddingAnUnchangedReferenceWritesNothing() throws IOException {
        Digest first = importImage("first", "a", "1");
        Digest second = importImage("second", "b", "2");
        store.addReference(ref("built:latest"), first);
        Path file;
        try (Stream<Path> files = Files.walk(tmp)) {
            file = files.filter(p -> p.getFileName().toString().equals("repositories.json")).findFirst().orElseThrow();
        }
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        store.addReference(ref("built:latest"), first);
        assertEquals(written, Files.readAttributes(file, BasicFileAttributes.class).fileKey(), "no rewrite");
        store.addReference(ref("built:latest"), second);
        assertEquals(second, open().inspect("built:latest").id(), "a changed reference is still written");
    }

    @Test
    void restartKeepsEverything() throws IOException {
        Digest id = importImage("busybox", "a", "1");
        store.tag("busybox", ref("localhost:5000/x/y:z"));
        Image before = store.inspect("busybox");
        ImageStore again = open();
        Image after = again.inspect("localhost:5000/x/y:z");
        assertEquals(id, after.id());
        assertEquals(before.repoTags(), after.repoTags());
        assertEquals(before.size(), after.size());
        assertEquals(before.lastTagTime(), after.lastTagTime());
        again.remove(id.toString(), true, false);
        assertEquals(0, open().count());
        assertEquals(0, driver.layerCount());
    }

    @Test
    void anUnreadableLayerIsQuarantinedAndItsParentIsKept() throws IOException {
        byte[] base = tar("etc/os", "base");
        byte[] app = tar("app/run", "go");
        Layer l1 = store.registerLayer(null, new ByteArrayInputStream(base), null);
        Layer l2 = store.registerLayer(l1.chainId(), new ByteArrayInputStream(app), null);
        Digest appId = store.storeImage(config(List.of(l1.diffId(), l2.diffId()), "[]", "{}")
                .getBytes(StandardCharsets.UTF_8), null);
        store.addReference(ref("app"), appId);
        Path layerDb = tmp.resolve("image/testfs/layerdb");
        Files.writeString(layerDb.resolve("sha256").resolve(l2.chainId().hex()).resolve("layer.json"), "{\"diff_id\":");
        for (int start = 1; start <= 2; start++) {
            ImageStore again = open();
            assertTrue(again.hasLayer(l1.chainId()), "the parent is kept, start " + start);
            assertEquals(2, driver.layerCount(), "no driver layer is removed");
            assertFalse(Files.exists(layerDb.resolve("sha256").resolve(l2.chainId().hex())));
            try (Stream<Path> aside = Files.list(layerDb.resolve("quarantine"))) {
                assertEquals(1, aside.count(), "moved aside, not deleted");
            }
            assertEquals(appId, again.inspect("app").id(), "the image that needs it is still listed");
            EngineException e = assertThrows(EngineException.class,
                    () -> again.layers().createReadWrite("c1", l2.chainId(), appId));
            assertTrue(e.getMessage().contains("quarantined"), e.getMessage());
        }
    }

    @Test
    void restartRemovesOrphanLayers() throws IOException {
        byte[] t = tar("a", "1");
        store.registerLayer(null, new ByteArrayInputStream(t), null);
        assertEquals(1, driver.layerCount());
        open();
        assertEquals(0, driver.layerCount());
    }

    @Test
    void saveLoadRoundTripKeepsIds() throws IOException {
        Digest id = importImage("busybox", "bin/sh", "#!/bin/sh");
        store.tag("busybox", ref("busybox:1"));
        Digest other = importImage(null, "x", "y");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.save(List.of("busybox", other.hex().substring(0, 12)), out);
        Map<String, byte[]> files = untar(out.toByteArray());
        assertTrue(files.containsKey("oci-layout"));
        assertTrue(files.containsKey("blobs/sha256/" + id.hex()));
        Digest diffId = store.inspect("busybox").config().diffIds().get(0);
        assertEquals(diffId, Digest.sha256(files.get("blobs/sha256/" + diffId.hex())));
        JsonNode manifest = Json.WITHOUT_NULLS.readTree(files.get("manifest.json"));
        assertEquals(2, manifest.size());
        assertEquals("blobs/sha256/" + id.hex(), manifest.get(0).get("Config").asText());
        assertEquals("busybox:1", manifest.get(0).get("RepoTags").get(0).asText());
        assertEquals("busybox:latest", manifest.get(0).get("RepoTags").get(1).asText());
        assertTrue(manifest.get(1).get("RepoTags") == null);
        JsonNode index = Json.WITHOUT_NULLS.readTree(files.get("index.json"));
        assertEquals(3, index.get("manifests").size());
        JsonNode d0 = index.get("manifests").get(0);
        assertEquals("docker.io/library/busybox:1", d0.get("annotations").get("io.containerd.image.name").asText());
        assertEquals("1", d0.get("annotations").get("org.opencontainers.image.ref.name").asText());
        String manifestHex = d0.get("digest").asText().substring(7);
        JsonNode oci = Json.WITHOUT_NULLS.readTree(files.get("blobs/sha256/" + manifestHex));
        assertEquals("sha256:" + id.hex(), oci.get("config").get("digest").asText());

        // load into a fresh store
        DirDriver d2 = new DirDriver(tmp.resolve("other/testfs"));
        ImageStore s2 = new ImageStore(tmp.resolve("other/image"), d2);
        List<ProgressMessage> msgs = new ArrayList<>();
        s2.load(new ByteArrayInputStream(out.toByteArray()), msgs::add);
        assertEquals(id, s2.inspect("busybox:1").id());
        assertEquals(id, s2.inspect("busybox").id());
        assertEquals(other, s2.inspect(other.toString()).id());
        List<String> streams = msgs.stream().filter(m -> m.stream() != null).map(ProgressMessage::stream).toList();
        assertEquals(List.of("Loaded image: busybox:1\n", "Loaded image: busybox:latest\n",
                "Loaded image ID: " + other + "\n"), streams);

        // and back again: save from the second store, load into the first after removing
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        s2.save(List.of("busybox:latest"), out2);
        store.remove(id.toString(), true, false);
        store.load(new ByteArrayInputStream(gzip(out2.toByteArray())), m -> { });
        assertEquals(id, store.inspect("busybox:latest").id());
        assertTrue(events.stream().anyMatch(ev -> ev.action().equals("load")));
        assertTrue(events.stream().anyMatch(ev -> ev.action().equals("save")));
    }

    @Test
    void loadWithWrongBlobDigestStoresNothing() throws IOException {
        importImage("busybox", "bin/sh", "#!/bin/sh");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.save(List.of("busybox"), out);
        Map<String, byte[]> files = untar(out.toByteArray());
        Digest diffId = store.inspect("busybox").config().diffIds().get(0);
        files.put("blobs/sha256/" + diffId.hex(), tar("bin/sh", "evil"));
        files.values().removeIf(v -> v == null);

        DirDriver d2 = new DirDriver(tmp.resolve("other/testfs"));
        ImageStore s2 = new ImageStore(tmp.resolve("other/image"), d2);
        EngineException e = assertThrows(EngineException.class,
                () -> s2.load(new ByteArrayInputStream(tar(files)), m -> { }));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(0, s2.count());
        assertEquals(0, d2.layerCount());
        assertEquals(0, countFiles(tmp.resolve("other/image")));

        // right blob name but the config lies about the diff ID: registered layer is rolled back
        Map<String, byte[]> legacy = new LinkedHashMap<>();
        byte[] layer = tar("bin/sh", "evil");
        String cfg = config(List.of(diffId), "[]", "{}");
        Digest cfgId = Digest.sha256(cfg.getBytes(StandardCharsets.UTF_8));
        legacy.put(cfgId.hex() + ".json", cfg.getBytes(StandardCharsets.UTF_8));
        legacy.put("abc/layer.tar", layer);
        legacy.put("manifest.json", ("[{\"Config\":\"" + cfgId.hex() + ".json\",\"RepoTags\":[\"evil:1\"],"
                + "\"Layers\":[\"abc/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        assertThrows(EngineException.class, () -> s2.load(new ByteArrayInputStream(tar(legacy)), m -> { }));
        assertEquals(0, s2.count());
        assertEquals(0, d2.layerCount());
        assertEquals(0, countFiles(tmp.resolve("other/image")));
    }

    /** The files a store holds beside its format version file. */
    static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.endsWith(FormatVersion.FILE_NAME)).count();
        }
    }

    @Test
    void loadRejectsPathTraversal() throws IOException {
        byte[] evil = tar("../../etc/passwd", "x", "manifest.json", "[]");
        EngineException e = assertThrows(EngineException.class,
                () -> store.load(new ByteArrayInputStream(evil), m -> { }));
        assertTrue(e.getMessage().contains("climbs out"), e.getMessage());
        // commons-compress strips a leading '/', so an absolute member lands inside the work folder
        byte[] abs = tar("/etc/passwd", "x", "manifest.json", "[]");
        store.load(new ByteArrayInputStream(abs), m -> { });
        assertEquals(0, store.count());
        assertFalse(Files.exists(tmp.resolve("etc/passwd")));
    }

    @Test
    void loadLegacyLayoutWithSymlinkedLayer() throws IOException {
        byte[] layer = tar("hello", "world");
        Digest diffId = Digest.sha256(layer);
        String cfg = config(List.of(diffId, diffId), "[]", "{}");
        Digest cfgId = Digest.sha256(cfg.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            put(out, cfgId.hex() + ".json", cfg.getBytes(StandardCharsets.UTF_8));
            put(out, "aaa/layer.tar", layer);
            var link = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("bbb/layer.tar",
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            link.setLinkName("../aaa/layer.tar");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            put(out, "repositories", "{\"old\":{\"v1\":\"bbb\"}}".getBytes(StandardCharsets.UTF_8));
            put(out, "manifest.json", ("[{\"Config\":\"" + cfgId.hex() + ".json\",\"RepoTags\":[\"old:v1\"],"
                    + "\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        }
        store.load(new ByteArrayInputStream(bytes.toByteArray()), m -> { });
        assertEquals(cfgId, store.inspect("old:v1").id());
        assertEquals(2, driver.layerCount());
    }

    static void put(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out, String name, byte[] c)
            throws IOException {
        var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
        e.setSize(c.length);
        out.putArchiveEntry(e);
        out.write(c);
        out.closeArchiveEntry();
    }

    @Test
    void loadPlainOciLayoutWithGzipLayers() throws IOException {
        byte[] layer = tar("hello", "oci");
        byte[] gz = gzip(layer);
        Digest diffId = Digest.sha256(layer);
        Digest blob = Digest.sha256(gz);
        byte[] cfg = config(List.of(diffId), "[]", "{}").getBytes(StandardCharsets.UTF_8);
        Digest cfgId = Digest.sha256(cfg);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + cfgId
                + "\",\"size\":" + cfg.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + blob + "\",\"size\":" + gz.length
                + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = Digest.sha256(manifest);
        byte[] index = ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"example.com/app:2\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        files.put("index.json", index);
        files.put("blobs/sha256/" + cfgId.hex(), cfg);
        files.put("blobs/sha256/" + blob.hex(), gz);
        files.put("blobs/sha256/" + manifestDigest.hex(), manifest);
        List<ProgressMessage> msgs = new ArrayList<>();
        store.load(new ByteArrayInputStream(tar(files)), msgs::add);
        assertEquals(cfgId, store.inspect("example.com/app:2").id());
        assertTrue(msgs.contains(ProgressMessage.stream("Loaded image: example.com/app:2\n")));
    }

    @Test
    void pruneDanglingAndAll() throws IOException {
        Digest tagged = importImage("keep", new ContainerConfig(null, null, null, null, null, null, null,
                Map.of("env", "prod"), null, null, null, null, null), "a", "1");
        Digest dangling = importImage(null, "b", "2");
        Digest labelled = importImage(null, new ContainerConfig(null, null, null, null, null, null, null,
                Map.of("env", "dev"), null, null, null, null, null), "c", "3");
        PruneReport r = store.prune(false, List.of("env=dev"), null);
        assertEquals(List.of(DeleteResponse.deleted(labelled.toString())), r.imagesDeleted().subList(0, 1));
        assertTrue(r.spaceReclaimed() > 0);
        assertTrue(store.prune(false, List.of(), "2000-01-01T00:00:00Z").imagesDeleted().isEmpty());
        r = store.prune(false, List.of(), null);
        assertTrue(r.imagesDeleted().contains(DeleteResponse.deleted(dangling.toString())));
        assertEquals(1, store.count());
        usage.set((id, running) -> running ? List.of() : List.of("c1"));
        assertTrue(store.prune(true, List.of("!env=prod"), null).imagesDeleted().isEmpty());
        assertTrue(store.prune(true, List.of(), null).imagesDeleted().isEmpty()); // in use
        usage.set(null);
        r = store.prune(true, List.of(), null);
        assertTrue(r.imagesDeleted().contains(DeleteResponse.untagged("keep:latest")));
        assertTrue(r.imagesDeleted().contains(DeleteResponse.deleted(tagged.toString())));
        assertEquals(0, store.count());
    }

    @Test
    void referenceNormalisation() throws IOException {
        Digest id = importImage("library/busybox:1", "a", "1");
        assertEquals(List.of("busybox:1"), store.inspect("busybox:1").repoTags());
        assertEquals(id, store.inspect("docker.io/library/busybox:1").id());
        store.tag("busybox:1", ref("docker.io/me/app"));
        assertEquals(id, store.inspect("me/app:latest").id());
        assertEquals(List.of("busybox:1", "me/app:latest"), store.inspect(id.toString()).repoTags());
    }

    /**
     * Wharf 0.1 (689d0a6) wrote this area as today, without the version file (git diff 689d0a6 shows no change to
     * the image store's files), so a store with its version file removed is that format; UpgradeEndToEndIT
     * reads one the old daemon wrote.
     */
    @Test
    void anUnversionedStoreIsReadAsBeforeAndMarkedCurrent() throws IOException {
        Digest id = importImage("upgrade/busybox:old", "a.txt", "kept");
        Path root = tmp.resolve("image/testfs");
        Files.delete(root.resolve(FormatVersion.FILE_NAME));

        ImageStore reopened = open();

        assertEquals(id, reopened.inspect("upgrade/busybox:old").id());
        assertEquals(FormatVersion.Area.IMAGES.current(), FormatVersion.read(root));
    }

    @Test
    void aNewerStoreIsNotOpened() throws IOException {
        Files.writeString(tmp.resolve("image/testfs").resolve(FormatVersion.FILE_NAME), "9\n");
        assertThrows(FormatVersion.NewerFormatException.class, this::open);
    }
}
