package io.wharf.volumes.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.volumes.service.VolumeDrivers;
import io.wharf.volumes.service.VolumeManager;
import io.wharf.volumes.testing.FakeContainers;
import io.wharf.volumes.testing.FakeDriver;
import io.wharf.volumes.testing.RecordingEventBus;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource called directly, its answers serialized as the REST bundle's Jackson provider would. */
class VolumesResourceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dataRoot;

    private FakeContainers containers;
    private VolumesResource resource;

    @BeforeEach
    void setUp() throws IOException {
        VolumeDrivers drivers = new VolumeDrivers();
        drivers.add("local", new FakeDriver("local", "local", dataRoot.resolve("volumes")));
        containers = new FakeContainers();
        VolumeManager manager = new VolumeManager(drivers, dataRoot.resolve("volumes-meta"), () -> containers,
                RecordingEventBus::new);
        resource = new VolumesResource(new VolumeManagerBackend(manager));
    }

    private static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }

    /** The created volume as its JSON object, keys in the order they are written. */
    private Map<String, Object> create(String json) throws IOException {
        Response r = resource.create(body(json));
        assertEquals(201, r.getStatus());
        return asMap(r.getEntity());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object body) {
        return MAPPER.convertValue(body, java.util.LinkedHashMap.class);
    }

    @Test
    void createAnswersTheVolumeInDockersShape() throws IOException {
        Map<String, Object> v = create("{\"Name\":\"data\",\"Driver\":\"local\",\"DriverOpts\":{},"
                + "\"Labels\":{\"b\":\"2\",\"a\":\"1\"}}");
        String mountpoint = dataRoot.resolve("volumes/data/_data").toString();
        assertEquals(List.of("CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"),
                List.copyOf(v.keySet()));
        assertTrue(((String) v.get("CreatedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        String text = json(v);
        assertTrue(text.contains("\"Driver\":\"local\",\"Labels\":{\"a\":\"1\",\"b\":\"2\"},\"Mountpoint\":"
                + MAPPER.writeValueAsString(mountpoint) + ",\"Name\":\"data\",\"Options\":{},\"Scope\":\"local\"}"),
                text);
    }

    @Test
    void labelsAndOptionsNeverGivenAreNull() throws IOException {
        String text = json(create("{\"Name\":\"bare\"}"));
        assertTrue(text.contains("\"Labels\":null"), text);
        assertTrue(text.contains("\"Options\":null"), text);
    }

    @Test
    void emptyBodyCreatesAnAnonymousVolume() throws IOException {
        Map<String, Object> v = create("");
        assertTrue(((String) v.get("Name")).matches("[0-9a-f]{64}"));
        assertEquals(Map.of("com.docker.volume.anonymous", ""), v.get("Labels"));
    }

    @Test
    void malformedJsonIsBadRequest() {
        EngineException e = assertThrows(EngineException.class, () -> resource.create(body("{\"Name\":")));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("invalid JSON: "), e.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> resource.create(body("{\"Labels\":[1]}"))).kind());
    }

    @Test
    void inspectAndItsNotFound() throws IOException {
        create("{\"Name\":\"data\"}");
        assertEquals("data", resource.inspect("data").name());
        EngineException e = assertThrows(EngineException.class, () -> resource.inspect("nothing"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("get nothing: no such volume", e.getMessage());
    }

    @Test
    void listWithFiltersInBothEncodings() throws IOException {
        create("{\"Name\":\"alpha\",\"Labels\":{\"tier\":\"web\"}}");
        create("{\"Name\":\"beta\"}");
        Map<String, Object> all = asMap(resource.list(null));
        assertEquals(List.of("Volumes", "Warnings"), List.copyOf(all.keySet()));
        assertEquals(List.of(), all.get("Warnings"));
        assertEquals(2, ((List<?>) all.get("Volumes")).size());
        assertTrue(json(all).endsWith("\"Warnings\":[]}"), json(all));

        assertEquals(List.of("alpha"), names(resource.list("{\"name\":{\"alp\":true}}")));
        assertEquals(List.of("alpha"), names(resource.list("{\"label\":[\"tier=web\"]}")));
        containers.add("c1", "beta");
        assertEquals(List.of("alpha"), names(resource.list("{\"dangling\":[\"true\"]}")));

        assertEquals(ErrorKind.INVALID_PARAMETER,
                assertThrows(EngineException.class, () -> resource.list("{not json")).kind());
        assertEquals("invalid filter 'until'",
                assertThrows(EngineException.class, () -> resource.list("{\"until\":[\"1h\"]}")).getMessage());
    }

    @Test
    void deleteAnswersNoContentAndHonoursForce() throws IOException {
        create("{\"Name\":\"data\"}");
        assertEquals(204, resource.remove("data", null).getStatus());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(EngineException.class, () -> resource.remove("data", "0")).kind());
        assertEquals(204, resource.remove("data", "1").getStatus());
        assertEquals(204, resource.remove("data", "true").getStatus());

        create("{\"Name\":\"used\"}");
        containers.add("c1", "used");
        EngineException e = assertThrows(EngineException.class, () -> resource.remove("used", "true"));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("remove used: volume is in use - [c1]", e.getMessage());
    }

    @Test
    void pruneKeepsNamedVolumesSinceApi142() throws IOException {
        String anonymous = (String) create("{}").get("Name");
        create("{\"Name\":\"named\"}");
        VolumePruneBody report = resource.prune(null, "1.50");
        assertEquals(List.of("VolumesDeleted", "SpaceReclaimed"), List.copyOf(asMap(report).keySet()));
        assertEquals(List.of(anonymous), report.volumesDeleted());
        assertEquals(0L, report.spaceReclaimed());
        assertEquals(List.of(), resource.prune(null, null).volumesDeleted(), "no header: the current API");
        assertEquals(List.of("named"), resource.prune("{\"all\":{\"true\":true}}", "1.50").volumesDeleted());
    }

    @Test
    void pruneRemovesEveryUnusedVolumeForOlderClients() throws IOException {
        create("{\"Name\":\"named\"}");
        create("{\"Name\":\"kept\",\"Labels\":{\"keep\":\"\"}}");
        assertEquals(List.of("named"), resource.prune("{\"label!\":[\"keep\"]}", "1.41").volumesDeleted());
        assertEquals("{\"VolumesDeleted\":[],\"SpaceReclaimed\":0}",
                json(resource.prune("{\"label\":[\"nothing\"]}", "1.41")));
    }

    private static List<String> names(VolumeListBody list) {
        return list.volumes().stream().map(VolumeBody::name).toList();
    }
}
