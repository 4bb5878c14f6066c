package io.wharf.networks.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.networks.core.Harness;
import io.wharf.networks.core.NetworkManager;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker network create options as dockerd answers them: names kept verbatim, --aux-address of both families. */
class NetworkCreateOptionsTest {
    private static final ObjectMapper JERSEY = new ObjectMapper();
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    private static final String C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
    @TempDir
    Path tmp;

    private NetworksResource resource(Harness h) throws Exception {
        return new NetworksResource(new NetworkManagerBackend(h.manager == null ? h.startAll() : h.manager,
                Clock.systemUTC()));
    }

    private static String create(NetworksResource resource, String json) throws Exception {
        Response r = resource.create(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, r.getStatus());
        return JERSEY.valueToTree(r.getEntity()).get("Id").asText();
    }

    private static EngineException createFails(NetworksResource resource, String json) {
        return assertThrows(EngineException.class,
                () -> resource.create(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void namesAreKeptAsGivenSpacesIncludedAndBlankOnesAreInvalid() throws Exception {
        NetworksResource resource = resource(new Harness(tmp));
        String spaced = create(resource, "{\"Name\":\"has space\"}");
        String padded = create(resource, "{\"Name\":\" padded \"}");
        assertEquals("has space", JERSEY.valueToTree(resource.inspect("has space", null, null)).get("Name").asText());
        assertEquals(padded, JERSEY.valueToTree(resource.inspect(" padded ", null, null)).get("Id").asText());
        assertEquals(spaced, JERSEY.valueToTree(resource.inspect(spaced, null, null)).get("Id").asText());
        EngineException blank = createFails(resource, "{\"Name\":\" \"}");
        assertEquals(ErrorKind.INVALID_PARAMETER, blank.kind());
        assertEquals("invalid name:  ", blank.getMessage());
        assertEquals(ErrorKind.CONFLICT, createFails(resource, "{\"Name\":\"has space\",\"CheckDuplicate\":false}")
                .kind(), "duplicate names are refused whatever CheckDuplicate says, as since API 1.44");
    }

    @Test
    void auxiliaryAddressesAreShownNeverHandedOutAndSurviveARestart() throws Exception {
        Harness h = new Harness(tmp);
        NetworksResource resource = resource(h);
        create(resource, "{\"Name\":\"lan\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.77.0.0/24\","
                + "\"AuxiliaryAddresses\":{\"router\":\"10.77.0.2\",\"nas\":\"10.77.0.3\"}}]}}");
        JsonNode config = JERSEY.valueToTree(resource.inspect("lan", null, null)).get("IPAM").get("Config").get(0);
        assertEquals("{\"nas\":\"10.77.0.3\",\"router\":\"10.77.0.2\"}", config.get("AuxiliaryAddresses").toString());
        NetworkManager m = h.manager;
        assertEquals("10.77.0.4", m.connect(Harness.connect("lan", C1, "web")).ipv4Address());
        EngineException taken = assertThrows(EngineException.class, () -> m.connect(new io.wharf.api.network
                .ConnectRequest("lan", C2, "db", "/proc/self/ns/net", "10.77.0.2", null, java.util.List.of(),
                java.util.List.of(), java.util.List.of())));
        assertEquals(ErrorKind.FORBIDDEN, taken.kind());

        Harness again = new Harness(tmp);
        NetworksResource restarted = resource(again);
        assertEquals(config, JERSEY.valueToTree(restarted.inspect("lan", null, null)).get("IPAM").get("Config").get(0));
        assertEquals("10.77.0.5", again.manager.connect(Harness.connect("lan", C2, "db")).ipv4Address());
        JsonNode plain = JERSEY.valueToTree(restarted.inspect("bridge", null, null)).get("IPAM").get("Config").get(0);
        assertEquals(false, plain.has("AuxiliaryAddresses"), "left out when empty, as dockerd's omitempty");
    }

    @Test
    void auxiliaryAddressesAreCheckedAsDockerdChecksThem() throws Exception {
        NetworksResource resource = resource(new Harness(tmp));
        EngineException outside = createFails(resource, "{\"Name\":\"a\",\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"10.78.0.0/24\",\"AuxiliaryAddresses\":{\"router\":\"10.79.0.5\"}}]}}");
        assertEquals(ErrorKind.FORBIDDEN, outside.kind());
        assertEquals("auxiliary address: (router:10.79.0.5) must belong to the master pool: 10.78.0.0/24",
                outside.getMessage());
        EngineException bogus = createFails(resource, "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"10.81.0.0/24\",\"AuxiliaryAddresses\":{\"r\":\"bogus\"}}]}}");
        assertEquals(ErrorKind.INVALID_PARAMETER, bogus.kind());
        assertEquals("non parsable secondary ip address (r:bogus) passed for network b", bogus.getMessage());
        EngineException gateway = createFails(resource, "{\"Name\":\"c\",\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"10.80.0.0/24\",\"Gateway\":\"10.80.0.1\",\"AuxiliaryAddresses\":{\"r\":\"10.80.0.1\"}}]}}");
        assertEquals(ErrorKind.FORBIDDEN, gateway.kind());
        assertEquals("failed to allocate secondary ip address (r:10.80.0.1): Address already in use",
                gateway.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, createFails(resource, "{\"Name\":\"d\",\"IPAM\":{\"Config\":"
                + "[{\"AuxiliaryAddresses\":{\"r\":\"10.1.1.1\"}}]}}").kind(), "no subnet to reserve it in");
    }

    @Test
    void ipv6OnlyNetworksShowTheirIpv6PoolAndEndpointsWithoutIpv4() throws Exception {
        Harness h = new Harness(tmp);
        NetworksResource resource = resource(h);
        create(resource, "{\"Name\":\"v6\",\"EnableIPv6\":true,\"EnableIPv4\":false,\"IPAM\":{\"Config\":"
                + "[{\"Subnet\":\"fd00:1::/64\"}]}}");
        h.manager.connect(Harness.connect("v6", C1, "web"));
        JsonNode n = JERSEY.valueToTree(resource.inspect("v6", null, null));
        assertEquals(false, n.get("EnableIPv4").asBoolean());
        assertEquals(true, n.get("EnableIPv6").asBoolean());
        assertEquals("[{\"Subnet\":\"fd00:1::/64\",\"Gateway\":\"fd00:1::1\"}]",
                n.get("IPAM").get("Config").toString());
        JsonNode endpoint = n.get("Containers").get(C1);
        assertEquals("", endpoint.get("IPv4Address").asText());
        assertEquals("fd00:1::2/64", endpoint.get("IPv6Address").asText());
    }

    @Test
    void dualStackNetworksShowBothPoolsAndEndpointAddresses() throws Exception {
        Harness h = new Harness(tmp);
        NetworksResource resource = resource(h);
        create(resource, "{\"Name\":\"ds\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"10.82.0.0/24\",\"AuxiliaryAddresses\":{\"r\":\"10.82.0.9\"}},{\"Subnet\":\"fd5a:17::/64\","
                + "\"Gateway\":\"fd5a:17::fe\"}]}}");
        h.manager.connect(Harness.connect("ds", C1, "web"));
        JsonNode n = JERSEY.valueToTree(resource.inspect("ds", null, null));
        assertEquals(true, n.get("EnableIPv6").asBoolean());
        assertEquals(true, n.get("EnableIPv4").asBoolean());
        assertEquals("[{\"Subnet\":\"10.82.0.0/24\",\"Gateway\":\"10.82.0.1\",\"AuxiliaryAddresses\":{\"r\":"
                + "\"10.82.0.9\"}},{\"Subnet\":\"fd5a:17::/64\",\"Gateway\":\"fd5a:17::fe\"}]",
                n.get("IPAM").get("Config").toString());
        JsonNode endpoint = n.get("Containers").get(C1);
        assertEquals("10.82.0.2/24", endpoint.get("IPv4Address").asText());
        assertEquals("fd5a:17::1/64", endpoint.get("IPv6Address").asText(), "::1 is free: the gateway is ::fe");
    }

    @Test
    void ipv6AuxiliaryAddressesGoToTheIpv6PoolAndAreNeverHandedOut() throws Exception {
        Harness h = new Harness(tmp);
        NetworksResource resource = resource(h);
        // the CLI files each --aux-address under the --subnet that holds it
        create(resource, "{\"Name\":\"ds6\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"10.83.0.0/24\",\"AuxiliaryAddresses\":{\"r4\":\"10.83.0.2\"}},{\"Subnet\":\"fd5a:18::/64\","
                + "\"AuxiliaryAddresses\":{\"r6\":\"fd5a:18::2\",\"nas6\":\"FD5A:18::0:3\"}}]}}");
        String pools = "[{\"Subnet\":\"10.83.0.0/24\",\"Gateway\":\"10.83.0.1\",\"AuxiliaryAddresses\":{\"r4\":"
                + "\"10.83.0.2\"}},{\"Subnet\":\"fd5a:18::/64\",\"Gateway\":\"fd5a:18::1\",\"AuxiliaryAddresses\":"
                + "{\"nas6\":\"fd5a:18::3\",\"r6\":\"fd5a:18::2\"}}]";
        assertEquals(pools, JERSEY.valueToTree(resource.inspect("ds6", null, null)).get("IPAM").get("Config")
                .toString());
        assertEquals("fd5a:18::4", h.manager.connect(Harness.connect("ds6", C1, "web")).ipv6Address());
        EngineException taken = assertThrows(EngineException.class, () -> h.manager.connect(new io.wharf.api
                .network.ConnectRequest("ds6", C2, "db", "/proc/self/ns/net", null, null, java.util.List.of(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), "fd5a:18::2")));
        assertEquals(ErrorKind.FORBIDDEN, taken.kind(), "--ip6 of an auxiliary address");

        Harness again = new Harness(tmp);
        NetworksResource restarted = resource(again);
        assertEquals(pools, JERSEY.valueToTree(restarted.inspect("ds6", null, null)).get("IPAM").get("Config")
                .toString(), "kept across a restart");
        assertEquals("fd5a:18::5", again.manager.connect(Harness.connect("ds6", C2, "db")).ipv6Address());
    }

    @Test
    void ipv6AuxiliaryAddressesAreCheckedAsDockerdChecksThem() throws Exception {
        NetworksResource resource = resource(new Harness(tmp));
        EngineException outside = createFails(resource, "{\"Name\":\"a6\",\"EnableIPv6\":true,\"IPAM\":"
                + "{\"Config\":[{\"Subnet\":\"fd5a:19::/64\",\"AuxiliaryAddresses\":{\"r\":\"fd5a:20::5\"}}]}}");
        assertEquals(ErrorKind.FORBIDDEN, outside.kind());
        assertEquals("auxiliary address: (r:fd5a:20::5) must belong to the master pool: fd5a:19::/64",
                outside.getMessage());
        EngineException anycast = createFails(resource, "{\"Name\":\"b6\",\"EnableIPv6\":true,\"IPAM\":"
                + "{\"Config\":[{\"Subnet\":\"fd5a:19::/64\",\"AuxiliaryAddresses\":{\"r\":\"fd5a:19::\"}}]}}");
        assertEquals("failed to allocate secondary ip address (r:fd5a:19::): Address already in use",
                anycast.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, createFails(resource, "{\"Name\":\"c6\",\"EnableIPv6\":true,"
                + "\"IPAM\":{\"Config\":[{\"Subnet\":\"fd5a:19::/64\",\"AuxiliaryAddresses\":{\"r\":\"fd5a::zz\"}}]}}")
                .kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, createFails(resource, "{\"Name\":\"d6\",\"EnableIPv6\":true,"
                + "\"IPAM\":{\"Config\":[{\"AuxiliaryAddresses\":{\"r\":\"fd5a:19::5\"}}]}}").kind(),
                "no IPv6 subnet to reserve it in");
    }
}
