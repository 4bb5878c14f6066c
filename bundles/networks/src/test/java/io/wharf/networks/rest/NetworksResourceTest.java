package io.wharf.networks.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.EndpointSettings;
import io.wharf.networks.core.Harness;
import io.wharf.networks.core.NetworkManager;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /networks endpoints, serialised as Jersey's plain ObjectMapper does, against dockerd's keys. */
class NetworksResourceTest {
    private static final ObjectMapper JERSEY = new ObjectMapper();
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    @TempDir
    Path tmp;
    private Harness h;
    private NetworkManager manager;
    private NetworksResource resource;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness(tmp);
        manager = h.startAll();
        resource = new NetworksResource(new NetworkManagerBackend(manager, Clock.systemUTC()));
    }

    private String create(String json) throws Exception {
        Response r = resource.create(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, r.getStatus());
        JsonNode body = JERSEY.valueToTree(r.getEntity());
        assertEquals(List.of("Id", "Warning"), keys(body));
        assertEquals("", body.get("Warning").asText());
        return body.get("Id").asText();
    }

    @Test
    void inspectHasDockerdsShape() throws Exception {
        String id = create("{\"Name\":\"app\",\"Labels\":{\"tier\":\"web\"},\"Options\":{\"b\":\"2\",\"a\":\"1\"},"
                + "\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"10.70.0.0/16\",\"IPRange\":"
                + "\"10.70.1.0/24\",\"Gateway\":\"10.70.0.1\"}]}}");
        EndpointSettings s = manager.connect(Harness.connect("app", C1, "web"));
        JsonNode n = JERSEY.valueToTree(resource.inspect("app", null, null));
        assertEquals(List.of("Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM", "Internal",
                "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels"), keys(n));
        assertEquals("app", n.get("Name").asText());
        assertEquals(id, n.get("Id").asText());
        assertTrue(n.get("Created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertEquals("local", n.get("Scope").asText());
        assertEquals("bridge", n.get("Driver").asText());
        assertTrue(n.get("EnableIPv4").asBoolean());
        assertFalse(n.get("EnableIPv6").asBoolean());
        JsonNode ipam = n.get("IPAM");
        assertEquals(List.of("Driver", "Options", "Config"), keys(ipam));
        assertEquals("default", ipam.get("Driver").asText());
        assertEquals(JERSEY.readTree("[{\"Subnet\":\"10.70.0.0/16\",\"IPRange\":\"10.70.1.0/24\","
                + "\"Gateway\":\"10.70.0.1\"}]"), ipam.get("Config"));
        assertEquals(JERSEY.readTree("{\"Network\":\"\"}"), n.get("ConfigFrom"));
        assertEquals(List.of("a", "b"), keys(n.get("Options")));
        assertEquals("web", n.get("Labels").get("tier").asText());
        JsonNode c = n.get("Containers").get(C1);
        assertEquals(List.of("Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address"), keys(c));
        assertEquals("web", c.get("Name").asText());
        assertEquals(s.endpointId(), c.get("EndpointID").asText());
        // as in dockerd, the range's first address is a host address of the subnet
        assertEquals("10.70.1.0/16", c.get("IPv4Address").asText());
        assertEquals(s.macAddress(), c.get("MacAddress").asText());
        assertEquals("", c.get("IPv6Address").asText());

        JsonNode none = JERSEY.valueToTree(resource.inspect("none", null, null));
        assertEquals("null", none.get("Driver").asText());
        assertEquals(0, none.get("IPAM").get("Config").size());
        assertEquals(0, none.get("Options").size());
        JsonNode bridge = JERSEY.valueToTree(resource.inspect("bridge", null, null));
        assertEquals("172.17.0.0/16", bridge.get("IPAM").get("Config").get(0).get("Subnet").asText());
        assertEquals("true", bridge.get("Options").get("com.docker.network.bridge.default_bridge").asText());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> resource.inspect("app", null, "swarm")).kind());
        assertEquals("network nope not found", assertThrows(EngineException.class,
                () -> resource.inspect("nope", null, null)).getMessage());
    }

    @Test
    void listAndFilters() throws Exception {
        create("{\"name\":\"front\",\"labels\":{\"tier\":\"web\"}}");
        create("{\"Name\":\"back\",\"Internal\":true}");
        manager.connect(Harness.connect("back", C1, "db"));
        assertEquals(List.of("bridge", "host", "none", "front", "back"), names(null));
        JsonNode first = JERSEY.valueToTree(resource.list(null).get(3));
        assertEquals(0, first.get("Containers").size(), "list leaves Containers empty, as dockerd");
        assertEquals(List.of("front", "back"), names("{\"type\":{\"custom\":true}}"));
        assertEquals(List.of("bridge", "host", "none"), names("{\"type\":[\"builtin\"]}"));
        assertEquals(List.of("front"), names("{\"dangling\":{\"true\":true}}"));
        assertEquals(List.of("bridge", "host", "none", "back"), names("{\"dangling\":[\"0\"]}"));
        assertEquals(List.of("front"), names("{\"label\":{\"tier=web\":true}}"));
        assertEquals(List.of("host"), names("{\"driver\":{\"host\":true}}"));
        assertEquals(List.of("front"), names("{\"name\":{\"^fr\":true}}"));
        assertEquals(List.of("bridge", "front", "back"), names("{\"name\":[\"r\", \"ack\"]}"));
        String backId = manager.get("back").id();
        assertEquals(List.of("back"), names("{\"id\":[\"" + backId.substring(0, 10) + "\"]}"));
        assertEquals(5, names("{\"scope\":[\"local\"]}").size());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> resource.list("{\"color\":[\"red\"]}")).kind());
        assertEquals("invalid filter: 'type'='mine'", assertThrows(EngineException.class,
                () -> resource.list("{\"type\":[\"mine\"]}")).getMessage());
        assertThrows(EngineException.class, () -> resource.list("{\"dangling\":[\"maybe\"]}"));
        assertThrows(EngineException.class, () -> resource.list("not json"));
    }

    @Test
    void createErrors() {
        assertCreateError(ErrorKind.INVALID_PARAMETER, "got EOF while reading request body", "");
        assertCreateError(ErrorKind.INVALID_PARAMETER, null, "{\"Name\":");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "invalid name: ", "{\"Driver\":\"bridge\"}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "invalid network config:\nIPv6 subnet fd00::/64 needs IPv6 "
                + "enabled (--ipv6)", "{\"Name\":\"v6\",\"IPAM\":{\"Config\":[{\"Subnet\":\"fd00::/64\"}]}}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "Wharf supports one IPv6 subnet per network",
                "{\"Name\":\"v6\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\"fd01::/64\"},"
                        + "{\"Subnet\":\"fd02::/64\"}]}}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "invalid network config:\ninvalid subnet fd01::5/64: it "
                + "should be fd01::/64", "{\"Name\":\"v6\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"fd01::5/64\"}]}}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "invalid network config:\ninvalid gateway fd02::1: parent "
                + "subnet fd01::/64 doesn't contain this address", "{\"Name\":\"v6\",\"EnableIPv6\":true,\"IPAM\":"
                + "{\"Config\":[{\"Subnet\":\"fd01::/64\",\"Gateway\":\"fd02::1\"}]}}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "IPv4 or IPv6 must be enabled",
                "{\"Name\":\"none\",\"EnableIPv6\":false,\"EnableIPv4\":false}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "IPv4 or IPv6 must be enabled",
                "{\"Name\":\"none\",\"EnableIPv4\":false}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "invalid network config:\nIPv4 subnet 10.9.0.0/24 needs IPv4 "
                + "enabled", "{\"Name\":\"v6\",\"EnableIPv6\":true,\"EnableIPv4\":false,\"IPAM\":{\"Config\":"
                + "[{\"Subnet\":\"10.9.0.0/24\"}]}}");
        assertCreateError(ErrorKind.NOT_FOUND, "plugin \"custom\" not found",
                "{\"Name\":\"x\",\"IPAM\":{\"Driver\":\"custom\"}}");
        assertCreateError(ErrorKind.NOT_FOUND, "plugin \"overlay\" not found", "{\"Name\":\"x\",\"Driver\":\"overlay\"}");
        assertCreateError(ErrorKind.FORBIDDEN, "only one instance of \"host\" network is allowed",
                "{\"Name\":\"x\",\"Driver\":\"host\"}");
        assertCreateError(ErrorKind.FORBIDDEN, "operation is not permitted on predefined bridge network ",
                "{\"Name\":\"bridge\"}");
        assertCreateError(ErrorKind.INVALID_PARAMETER, "invalid network config:\ninvalid subnet 10.1.2.3/16: it should "
                + "be 10.1.0.0/16", "{\"Name\":\"x\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.2.3/16\"}]}}");
    }

    @Test
    void acceptsWhatTheDockerCliSends() throws Exception {
        String id = create("{\"Name\":\"cli\",\"CheckDuplicate\":true,\"Driver\":\"bridge\",\"Scope\":\"\","
                + "\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[]},"
                + "\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,"
                + "\"ConfigFrom\":null,\"Options\":{},\"Labels\":{}}");
        assertEquals("172.18.0.0/16", manager.get(id).ipam().get(0).subnet());
        String compose = create("{\"Name\":\"proj_default\",\"Driver\":\"bridge\",\"IPAM\":{\"Config\":"
                + "[{\"Subnet\":\"10.90.0.0/24\",\"Gateway\":\"10.90.0.254\"}]},\"ConfigFrom\":{\"Network\":\"\"},"
                + "\"Labels\":{\"com.docker.compose.network\":\"default\"}}");
        assertEquals("10.90.0.254", manager.get(compose).dnsServer());
    }

    @Test
    void duplicateNamesAndOverlappingPools() throws Exception {
        create("{\"Name\":\"app\",\"CheckDuplicate\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\"10.80.0.0/16\"}]}}");
        assertCreateError(ErrorKind.CONFLICT, "network with name app already exists", "{\"Name\":\"app\"}");
        assertCreateError(ErrorKind.FORBIDDEN,
                "invalid pool request: Pool overlaps with other one on this address space",
                "{\"Name\":\"other\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.80.1.0/24\"}]}}");
    }

    @Test
    void deleteAndPrune() throws Exception {
        String id = create("{\"Name\":\"app\"}");
        create("{\"Name\":\"old\",\"Labels\":{\"keep\":\"no\"}}");
        create("{\"Name\":\"kept\",\"Labels\":{\"keep\":\"yes\"}}");
        assertEquals(204, resource.remove(id.substring(0, 12)).getStatus());
        assertEquals(ErrorKind.FORBIDDEN, assertThrows(EngineException.class, () -> resource.remove("host")).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> resource.remove(id)).kind());

        JsonNode nothing = JERSEY.valueToTree(resource.prune("{\"until\":[\"2000-01-01T00:00:00Z\"]}"));
        assertEquals(0, nothing.get("NetworksDeleted").size());
        JsonNode pruned = JERSEY.valueToTree(resource.prune("{\"label!\":[\"keep=yes\"]}"));
        assertEquals(List.of("NetworksDeleted"), keys(pruned));
        assertEquals("[\"old\"]", pruned.get("NetworksDeleted").toString());
        assertEquals(List.of("bridge", "host", "none", "kept"), names(null));
        assertThrows(EngineException.class, () -> resource.prune("{\"dangling\":[\"true\"]}"));
        assertTrue(h.actions().contains("network prune"));
    }

    private void assertCreateError(ErrorKind kind, String message, String body) {
        EngineException e = assertThrows(EngineException.class,
                () -> resource.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        assertEquals(kind, e.kind(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }

    private List<String> names(String filters) {
        List<String> names = new ArrayList<>();
        for (NetworkBody n : resource.list(filters)) {
            names.add(n.name());
        }
        return names;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(keys::add);
        return keys;
    }
}
