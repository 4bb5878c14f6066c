package io.wharf.imagestore.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.policy.PolicyDecision;
import io.wharf.api.registry.DistributionService;
import io.wharf.imagestore.ContainerLayers;
import io.wharf.imagestore.ImageStore;
import io.wharf.imagestore.TestSupport;
import io.wharf.support.Json;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesResourceTest {
    @TempDir
    Path tmp;
    ImageStore store;
    ImagesResource resource;

    @BeforeEach
    void setUp() throws IOException {
        store = TestSupport.store(tmp);
        resource = new ImagesResource(store, new ContainerLayers(store));
    }

    Digest importVia(String repo, String tag, List<String> changes, String... files) throws IOException {
        Response r = resource.create(new ByteArrayInputStream(TestSupport.tar(files)), null, "-", repo, tag, "msg",
                changes, null);
        String body = new String((byte[]) r.getEntity(), StandardCharsets.UTF_8);
        JsonNode status = Json.WITHOUT_NULLS.readTree(body.split("\r\n")[0]);
        return Digest.parse(status.get("status").asText());
    }

    @Test
    void importListInspectAndFilters() throws IOException {
        Digest a = importVia("busybox", "1", List.of("LABEL tier=base", "CMD [\"sh\"]"), "a", "1");
        Digest b = importVia(null, null, List.of(), "b", "2");
        Digest c = importVia("localhost:5000/foo/bar", "v2", List.of(), "c", "3");

        List<ImageSummary> all = resource.list(null, null, null, null, "1.50");
        assertEquals(3, all.size());
        ImageSummary dangling = all.stream().filter(s -> s.id().equals(b.toString())).findFirst().orElseThrow();
        assertEquals(List.of(), dangling.repoTags());
        assertEquals(-1, dangling.containers());
        assertEquals(-1, dangling.sharedSize());
        List<ImageSummary> old = resource.list(null, null, null, null, "1.41");
        assertTrue(old.stream().anyMatch(s -> s.repoTags().equals(List.of("<none>:<none>"))));

        assertEquals(List.of(b.toString()), ids(resource.list(null, "{\"dangling\":{\"true\":true}}", null, null,
                null)));
        assertEquals(2, resource.list(null, "{\"dangling\":[\"false\"]}", null, null, null).size());
        assertEquals(List.of(a.toString()), ids(resource.list(null, "{\"reference\":{\"busy*\":true}}", null, null,
                null)));
        assertEquals(List.of(c.toString()), ids(resource.list(null, "{\"reference\":{\"localhost:5000/foo/*\":true}}",
                null, null, null)));
        assertEquals(List.of(a.toString()), ids(resource.list(null, "{\"label\":{\"tier=base\":true}}", null, null,
                null)));
        EngineException e = assertThrows(EngineException.class,
                () -> resource.list(null, "{\"bogus\":{\"x\":true}}", null, null, null));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertThrows(EngineException.class, () -> resource.list(null, "not json", null, null, null));

        JsonNode inspect = Json.WITHOUT_NULLS.valueToTree(resource.inspect("localhost:5000/foo/bar:v2", "1.50"));
        assertEquals(c.toString(), inspect.get("Id").asText());
        assertEquals("testfs", inspect.get("GraphDriver").get("Name").asText());
        assertEquals("layers", inspect.get("RootFS").get("Type").asText());
        assertEquals("msg", inspect.get("Comment").asText());
        assertTrue(inspect.get("Metadata").get("LastTagTime").asText().endsWith("Z"));
        JsonNode inspectA = Json.WITHOUT_NULLS.valueToTree(resource.inspect(a.toString(), "1.50"));
        assertTrue(!inspectA.has("Container") && !inspectA.has("ContainerConfig"), inspectA.toString());
        JsonNode oldInspectA = Json.WITHOUT_NULLS.valueToTree(resource.inspect(a.toString(), "1.44"));
        // imported, from no container: nothing to show
        assertTrue(!oldInspectA.has("Container") && !oldInspectA.has("ContainerConfig"), oldInspectA.toString());
        assertEquals("sh", inspectA.get("Config").get("Cmd").get(0).asText());
        assertEquals("base", inspectA.get("Config").get("Labels").get("tier").asText());

        assertEquals(201, resource.tag("busybox:1", "me/copy", null).getStatus());
        assertEquals(a, store.inspect("me/copy:latest").id());
        assertThrows(EngineException.class, () -> resource.tag("busybox:1", "", null));

        assertEquals(ErrorKind.NOT_IMPLEMENTED, assertThrows(EngineException.class,
                () -> resource.create(null, "alpine", null, null, null, null, null, null)).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> importVia(null, null, List.of("FROM x"), "d", "4")).kind());
    }

    /** A rootfs refused early is read on (as a load is), so the CLI still uploading gets the answer. */
    @Test
    void anImportRefusedEarlyReadsTheRestOfTheBody() throws Exception {
        byte[] header = java.util.Arrays.copyOf(TestSupport.tar("a", "1"), 512);
        header[148] = 'x'; // a corrupt checksum: refused at the first header
        ByteArrayInputStream body = new ByteArrayInputStream(java.util.Arrays.copyOf(header, 1 << 20));
        assertThrows(EngineException.class, () -> resource.create(body, null, "-", null, null, null, List.of(),
                null));
        assertEquals(0, body.available());
    }

    @Test
    void saveAndLoadThroughTheResource() throws Exception {
        Digest a = importVia("busybox", null, List.of(), "a", "1");
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> resource.saveMany(List.of("busybox", "missing"))).kind());
        Response r = resource.saveOne("busybox");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) r.getEntity()).write(out);
        resource.remove("busybox", "1", null);
        Response loaded = resource.load(new ByteArrayInputStream(out.toByteArray()), "1");
        String body = new String((byte[]) loaded.getEntity(), StandardCharsets.UTF_8);
        assertEquals("{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n", body);
        assertEquals(a, store.inspect("busybox").id());

        Response garbage = resource.load(new ByteArrayInputStream("garbage".getBytes(StandardCharsets.UTF_8)), null);
        assertEquals(200, garbage.getStatus());
        JsonNode error = Json.WITHOUT_NULLS.readTree((byte[]) garbage.getEntity());
        // seven bytes: a tar header cut short
        assertEquals("invalid tar file: Truncated TAR archive: the stream ends inside an entry's header",
                error.path("errorDetail").path("message").asText());
        assertEquals(error.path("errorDetail").path("message"), error.path("error"));
        JsonNode prune = Json.WITHOUT_NULLS.valueToTree(resource.prune("{\"dangling\":{\"false\":true}}"));
        assertTrue(prune.get("ImagesDeleted").size() >= 2);
        assertEquals(0, store.count());
    }

    @Test
    void anyImageServiceGetsTheSameAnswersThroughTheInterface() throws IOException {
        ImageService wrapped = (ImageService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ImagesResource other = new ImagesResource(wrapped, new ContainerLayers(store));
        importVia("busybox", null, List.of(), "a", "1");
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> other.saveMany(List.of("busybox", "missing"))).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> other.saveMany(List.of())).kind());
        importVia("copy", null, List.of(), "a", "1"); // the same layer under a second image
        List<ImageSummary> listed = other.list(null, null, null, "1", "1.50");
        assertEquals(resource.list(null, null, null, "1", "1.50"), listed);
        assertEquals(2, listed.size());
        for (ImageSummary s : listed) {
            assertTrue(s.sharedSize() > 0 && s.sharedSize() == s.size(), s.toString());
        }
    }

    static List<String> ids(List<ImageSummary> list) {
        return list.stream().map(ImageSummary::id).toList();
    }

    @Test
    void anImagePolicyRefusesAPullBeforeTheRegistryIsAsked() throws Exception {
        List<String> pulled = new java.util.concurrent.CopyOnWriteArrayList<>();
        resource.setDistribution((DistributionService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DistributionService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pull")) {
                        pulled.add(args[0].toString());
                    }
                    return null;
                }));
        ImagePolicy onlyLocal = new ImagePolicy() {
            @Override
            public String name() {
                return "only-local";
            }

            @Override
            public PolicyDecision checkPull(ImageReference reference) {
                return reference.domain().startsWith("localhost:") ? PolicyDecision.allow()
                        : PolicyDecision.deny("pulls come from localhost only");
            }
        };
        resource.addImagePolicy(onlyLocal);

        EngineException denied = assertThrows(EngineException.class,
                () -> resource.create(null, "busybox", null, null, "1", null, null, null));
        assertEquals(ErrorKind.FORBIDDEN, denied.kind());
        assertEquals("image policy only-local denied the request to pull docker.io/library/busybox:1: pulls come "
                + "from localhost only", denied.getMessage());
        drain(resource.create(null, "localhost:5000/app", null, null, "2", null, null, null));
        resource.removeImagePolicy(onlyLocal);
        drain(resource.create(null, "busybox", null, null, "1", null, null, null));

        assertEquals(List.of("localhost:5000/app:2", "docker.io/library/busybox:1"), pulled);
    }

    private static void drain(Response response) throws IOException {
        ((StreamingOutput) response.getEntity()).write(new ByteArrayOutputStream());
    }
}
