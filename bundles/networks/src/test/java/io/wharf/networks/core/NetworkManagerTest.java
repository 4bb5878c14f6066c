package io.wharf.networks.core;

import static io.wharf.networks.core.Harness.connect;
import static io.wharf.networks.core.Harness.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.events.Event;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.dns.NameTable;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkManagerTest {
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    private static final String C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
    private static final String DEAD_SANDBOX = "/proc/999999999/ns/net";
    @TempDir
    Path tmp;

    private Harness harness() {
        return new Harness(tmp);
    }

    // ------------------------------------------------------------------ predefined networks

    @Test
    void predefinedNetworksAreMadeAtTheFirstStartAndKept() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        NetworkInfo bridge = m.get("bridge");
        assertEquals("bridge", bridge.driver());
        assertTrue(bridge.predefined());
        assertEquals(List.of(new NetworkSpec.IpamConfig("172.17.0.0/16", null, "172.17.0.1")), bridge.ipam());
        assertEquals("true", bridge.options().get("com.docker.network.bridge.default_bridge"));
        assertEquals("wharf0", bridge.options().get("com.docker.network.bridge.name"));
        assertEquals("1500", bridge.options().get("com.docker.network.driver.mtu"));
        assertEquals("true", bridge.options().get("com.docker.network.bridge.enable_ip_masquerade"));
        assertEquals("true", bridge.options().get("com.docker.network.bridge.enable_icc"));
        assertNull(bridge.dnsServer(), "the default bridge has no embedded DNS");
        assertEquals("host", m.get("host").driver());
        assertEquals("null", m.get("none").driver());
        assertTrue(m.get("none").ipam().isEmpty());
        // the bridge driver was handed the default bridge
        assertEquals(List.of(bridge.id()), h.bridge.restoredNetworks.stream().map(NetworkSpec::id).toList());
        assertTrue(h.dns.serving.isEmpty());

        Harness again = harness();
        NetworkManager m2 = again.startAll();
        assertEquals(bridge.id(), m2.get("bridge").id());
        assertEquals(m.get("host").id(), m2.get("host").id());
        assertEquals(3, m2.list().size());
    }

    @Test
    void defaultBridgeFollowsBipFixedCidrAndBridgeName() throws Exception {
        Harness h = harness();
        h.config.put("bip", "10.20.0.1/24");
        h.config.put("fixed-cidr", "10.20.0.128/25");
        h.config.put("bridge", "wbr0");
        h.config.put("mtu", 1400);
        h.config.put("icc", false);
        h.config.put("ip", "127.0.0.1");
        NetworkInfo bridge = h.startAll().get("bridge");
        assertEquals("false", bridge.options().get("com.docker.network.bridge.enable_icc"));
        assertEquals(List.of(new NetworkSpec.IpamConfig("10.20.0.0/24", "10.20.0.128/25", "10.20.0.1")),
                bridge.ipam());
        assertEquals("wbr0", bridge.options().get("com.docker.network.bridge.name"));
        assertEquals("1400", bridge.options().get("com.docker.network.driver.mtu"));
        // addresses come from the fixed-cidr
        EndpointSettings s = h.manager.connect(connect("bridge", C1, "web"));
        assertEquals("10.20.0.128", s.ipv4Address().substring(0, 11));
        // daemon.json ip: ports published without a host address bind there; one that names its own keeps it
        EndpointSettings published = h.manager.connect(new ConnectRequest("bridge", C2, "/api", "/proc/self/ns/net",
                null, null, List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 0, 0),
                new PortRequest("tcp", 81, "0.0.0.0", 0, 0), new PortRequest("tcp", 82, "10.20.0.1", 0, 0))));
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "10.20.0.1"),
                published.ports().stream().map(EndpointSpec.PortBinding::hostIp).toList());

        Harness changed = harness();
        changed.config.put("bip", "10.30.0.1/16");
        NetworkInfo updated = changed.startAll().get("bridge");
        assertEquals(bridge.id(), updated.id());
        assertEquals(List.of(new NetworkSpec.IpamConfig("10.30.0.0/16", null, "10.30.0.1")), updated.ipam());
        assertEquals("wharf0", updated.options().get("com.docker.network.bridge.name"));
        assertEquals("10.30.0.0/16", changed.bridge.restoredNetworks.get(0).ipam().get(0).subnet());
    }

    @Test
    void defaultBridgeAvoidsTheHostsRoutes() throws Exception {
        Harness h = harness();
        h.hostRoutes.add(Cidr.parse("172.17.0.0/16"));
        assertEquals("172.18.0.0/16", h.startAll().get("bridge").ipam().get(0).subnet());
    }

    // ------------------------------------------------------------------ connect

    @Test
    void connectGivesAddressInterfacePortsAndNames() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        String id = m.create(network("app"));
        NetworkInfo app = m.get("app");
        assertEquals("172.18.0.0/16", app.ipam().get(0).subnet());
        assertEquals("172.18.0.1", app.dnsServer());
        assertEquals("172.18.0.1", h.dns.serving.get(id));
        assertTrue(h.dns.forwarding.get(id));
        assertEquals("172.18.0.0/16", h.dns.subnets.get(id));

        ConnectRequest request = new ConnectRequest("app", C1, "/web", "/proc/self/ns/net", null, null,
                List.of("frontend"), List.of(), List.of(new PortRequest("tcp", 80, "", 0, 0),
                new PortRequest("udp", 53, "127.0.0.1", 5353, 5353)));
        EndpointSettings s = m.connect(request);
        assertEquals(id, s.networkId());
        assertEquals("app", s.networkName());
        assertEquals("web", s.containerName());
        assertEquals("172.18.0.2", s.ipv4Address());
        assertEquals(16, s.prefixLength());
        assertEquals("172.18.0.1", s.gateway());
        assertEquals("02:42:ac:12:00:02", s.macAddress());
        assertEquals(List.of("web", "c1c1c1c1c1c1", "frontend"), s.dnsNames());
        assertEquals(List.of(new EndpointSpec.PortBinding("tcp", 80, "", 40000),
                new EndpointSpec.PortBinding("udp", 53, "127.0.0.1", 5353)), s.ports());

        EndpointSpec joined = h.bridge.endpoints.get(s.endpointId());
        assertEquals("eth0", joined.interfaceName());
        assertEquals("172.18.0.1", joined.gateway());
        assertEquals("/proc/self/ns/net", joined.sandboxPath());
        assertEquals(v4("172.18.0.2"), h.dns.tables.get(id).lookup("FrontEnd", null));
        assertEquals(v4("172.18.0.2"), h.dns.tables.get(id).lookup("c1c1c1c1c1c1", null));

        // the second network of the container: eth1, and no second default route
        EndpointSettings onBridge = m.connect(connect("bridge", C1, "web"));
        EndpointSpec second = h.bridge.endpoints.get(onBridge.endpointId());
        assertEquals("eth1", second.interfaceName());
        assertNull(second.gateway());
        assertEquals("172.17.0.1", onBridge.gateway());
        assertEquals(List.of(), onBridge.dnsNames());
        assertEquals(2, m.endpoints(C1).size());

        Event connected = h.events.stream().filter(e -> e.action().equals("connect")).findFirst().orElseThrow();
        assertEquals("network", connected.type());
        assertEquals(id, connected.actorId());
        assertEquals(Map.of("container", C1, "name", "app", "type", "bridge"), connected.attributes());
        assertTrue(Files.exists(tmp.resolve("network/endpoints/" + s.endpointId() + ".json")));
    }

    @Test
    void hostAndNoneGiveNoAddresses() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        EndpointSettings s = m.connect(new ConnectRequest("host", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 8080, 8080))));
        assertEquals("", s.ipv4Address());
        assertEquals("", s.gateway());
        assertEquals(List.of(), s.ports(), "published ports are discarded with the host network");
        assertFalse(h.ports.isAllocated("tcp", "", 8080));
        assertEquals(1, m.details("host").endpoints().size());
        m.releaseAll(C1);
        assertTrue(m.details("host").endpoints().isEmpty());
    }

    @Test
    void aContainerHasOneEndpointPerNetwork() throws Exception {
        NetworkManager m = harness().startAll();
        m.connect(connect("bridge", C1, "web"));
        EngineException e = assertThrows(EngineException.class, () -> m.connect(connect("bridge", C1, "web")));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("endpoint with name web already exists in network bridge", e.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> m.connect(connect("nope", C2, "db"))).kind());
    }

    @Test
    void networksOfAMissingDriverListButDoNotConnect() throws Exception {
        Harness h = harness();
        NetworkManager m = h.start(h.host, h.none);
        assertEquals(3, m.list().size());
        assertEquals("bridge", m.get("bridge").name());
        EngineException e = assertThrows(EngineException.class, () -> m.connect(connect("bridge", C1, "web")));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("network driver bridge is not available", e.getMessage());
        EngineException create = assertThrows(EngineException.class, () -> m.create(network("app")));
        assertEquals("plugin \"bridge\" not found", create.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, create.kind());

        // the driver appears: it gets its networks, and connecting works
        m.driverAdded("bridge", h.bridge);
        assertEquals(List.of("bridge"), h.bridge.restoredNetworks.stream().map(NetworkSpec::name).toList());
        m.connect(connect("bridge", C1, "web"));
        m.driverReturnMillis(200);
        m.driverRemoved("bridge", h.bridge);
        assertThrows(EngineException.class, () -> m.connect(connect("bridge", C2, "db")));
    }

    @Test
    void aConnectWaitsForADriverThatIsBeingReplaced() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        m.driverRemoved("bridge", h.bridge); // its bundle is being updated
        Thread replacement = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            m.driverAdded("bridge", h.bridge);
        });
        replacement.start();
        assertEquals("bridge", m.connect(connect("bridge", C1, "web")).networkName());
        replacement.join();
    }

    @Test
    void staticAddressesOnlyOnUserConfiguredSubnets() throws Exception {
        NetworkManager m = harness().startAll();
        m.create(network("auto"));
        m.create(new CreateNetwork("fixed", "bridge", false, false,
                new NetworkSpec.IpamConfig("10.50.0.0/24", null, null), null, null, null));
        EngineException onBridge = assertThrows(EngineException.class, () -> m.connect(withIp("bridge", C1,
                "172.17.0.9")));
        assertEquals("user specified IP address is supported on user defined networks only",
                onBridge.getMessage());
        EngineException onAuto = assertThrows(EngineException.class, () -> m.connect(withIp("auto", C1,
                "172.18.0.9")));
        assertEquals("user specified IP address is supported only when connecting to networks with user "
                + "configured subnets", onAuto.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, onAuto.kind());

        assertEquals("10.50.0.9", m.connect(withIp("fixed", C1, "10.50.0.9")).ipv4Address());
        EngineException inUse = assertThrows(EngineException.class, () -> m.connect(withIp("fixed", C2,
                "10.50.0.9")));
        assertEquals("Address already in use", inUse.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> m.connect(withIp("fixed", C2, "10.51.0.9"))).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> m.connect(withIp("fixed", C2, "not-an-ip"))).kind());
        assertEquals("10.50.0.2", m.connect(connect("fixed", C2, "db")).ipv4Address());
    }

    @Test
    void disconnectAndReleaseAllFreeEverything() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        String id = m.create(network("app"));
        EndpointSettings a = m.connect(new ConnectRequest("app", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 8080, 8080))));
        m.connect(connect("bridge", C1, "web"));
        assertTrue(h.ports.isAllocated("tcp", "", 8080));

        m.disconnect("app", C1);
        assertFalse(h.ports.isAllocated("tcp", "", 8080));
        assertTrue(h.bridge.calls.contains("leave " + a.endpointId()));
        assertNull(h.dns.tables.get(id).lookup("web", null));
        assertFalse(Files.exists(tmp.resolve("network/endpoints/" + a.endpointId() + ".json")));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> m.disconnect("app", C1))
                .kind());
        // the address and eth0 are free again
        EndpointSettings b = m.connect(connect("app", C2, "db"));
        assertEquals(a.ipv4Address(), b.ipv4Address());
        assertEquals("eth0", h.bridge.endpoints.get(b.endpointId()).interfaceName());

        m.releaseAll(C1);
        assertTrue(m.endpoints(C1).isEmpty());
        assertEquals(1, m.endpoints(C2).size());
        assertEquals(List.of("network create", "network connect", "network connect", "network disconnect",
                "network connect", "network disconnect"), h.actions());
        try (Stream<Path> files = Files.list(tmp.resolve("network/endpoints"))) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFailedJoinReleasesWhatWasTaken() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        h.bridge.failJoin = true;
        assertThrows(IOException.class, () -> m.connect(new ConnectRequest("bridge", C1, "web", "/proc/self/ns/net",
                null, null, List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 8080, 8080)))));
        assertFalse(h.ports.isAllocated("tcp", "", 8080));
        assertTrue(m.endpoints(C1).isEmpty());
        h.bridge.failJoin = false;
        assertEquals("172.17.0.2", m.connect(connect("bridge", C1, "web")).ipv4Address());
    }

    @Test
    void endpointsOfDeadContainersAreReleasedAfterACrash() throws Exception {
        Harness before = harness();
        NetworkManager m = before.startAll();
        m.create(network("app"));
        EndpointSettings live = m.connect(new ConnectRequest("app", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 8081, 8081))));
        EndpointSettings dead = m.connect(new ConnectRequest("app", C2, "db", DEAD_SANDBOX, null, null, List.of(),
                List.of(), List.of(new PortRequest("tcp", 80, "", 8082, 8082))));
        EndpointSettings reused = m.connect(connect("bridge", C2, "db"));
        // the namespace path now names another namespace (a reused PID)
        Path reusedFile = tmp.resolve("network/endpoints/" + reused.endpointId() + ".json");
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(reusedFile.toFile());
        json.put("sandboxInode", 1L);
        Files.write(reusedFile, Json.prettyBytes(json));

        // no close(): the daemon crashed
        Harness after = harness();
        NetworkManager m2 = after.startAll();
        assertEquals(List.of(live.endpointId()), after.bridge.restoredEndpoints.stream()
                .map(EndpointSpec::endpointId).toList());
        assertTrue(after.bridge.calls.contains("leave " + dead.endpointId()));
        assertTrue(after.bridge.calls.contains("leave " + reused.endpointId()));
        assertEquals(1, m2.endpoints(C1).size());
        assertTrue(m2.endpoints(C2).isEmpty());
        assertTrue(after.ports.isAllocated("tcp", "", 8081));
        assertFalse(after.ports.isAllocated("tcp", "", 8082));
        assertFalse(Files.exists(tmp.resolve("network/endpoints/" + dead.endpointId() + ".json")));
        assertFalse(Files.exists(reusedFile));
        // the dead container's address is free, the live one's is not
        String appId = m2.get("app").id();
        assertEquals(dead.ipv4Address(), m2.connect(connect("app", "c3", "cache")).ipv4Address());
        assertEquals(v4(live.ipv4Address()), after.dns.tables.get(appId).lookup("web", null));
        assertEquals("172.18.0.1", after.dns.serving.get(appId));
    }

    @Test
    void staleEndpointsFoundWhenTheDriverAppearsLaterAreReleasedToo() throws Exception {
        Harness before = harness();
        NetworkManager m = before.startAll();
        EndpointSettings dead = m.connect(new ConnectRequest("bridge", C2, "db", DEAD_SANDBOX, null, null,
                List.of(), List.of(), List.of()));
        Harness after = harness();
        NetworkManager m2 = after.start(after.host, after.none);
        assertTrue(m2.endpoints(C2).isEmpty());
        m2.driverAdded("bridge", after.bridge);
        assertTrue(after.bridge.restoredEndpoints.isEmpty());
        assertEquals(dead.ipv4Address(), m2.connect(connect("bridge", C1, "web")).ipv4Address());
    }

    @Test
    void internalNetworksPublishNoPortsAndDoNotForwardDns() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        String id = m.create(new CreateNetwork("back", "", true, false, null, null, null, null));
        assertFalse(h.dns.forwarding.get(id));
        EndpointSettings s = m.connect(new ConnectRequest("back", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 8080, 8080))));
        assertTrue(s.ports().isEmpty());
        assertNull(h.bridge.endpoints.get(s.endpointId()).gateway());
    }

    @Test
    void linksAreAnsweredToTheLinkingContainer() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        String id = m.create(network("app"));
        EndpointSettings db = m.connect(connect("app", C2, "db"));
        EndpointSettings web = m.connect(new ConnectRequest("app", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of("db:database"), List.of()));
        assertEquals(v4(db.ipv4Address()),
                h.dns.tables.get(id).lookup("database", from(web.ipv4Address())));
        assertNull(h.dns.tables.get(id).lookup("database", from(db.ipv4Address())));
    }

    // ------------------------------------------------------------------ create and remove

    @Test
    void createRefusesWhatDockerdRefuses() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        m.create(new CreateNetwork("app", "bridge", false, false, new NetworkSpec.IpamConfig("10.60.0.0/16", null,
                null), null, null, null));
        assertError(ErrorKind.INVALID_PARAMETER, "invalid name:  ", () -> m.create(network(" ")));
        assertError(ErrorKind.FORBIDDEN, "operation is not permitted on predefined host network ",
                () -> m.create(network("host")));
        assertError(ErrorKind.CONFLICT, "network with name app already exists", () -> m.create(network("app")));
        assertError(ErrorKind.FORBIDDEN, "only one instance of \"host\" network is allowed",
                () -> m.create(new CreateNetwork("h2", "host", false, false, null, null, null, null)));
        assertError(ErrorKind.FORBIDDEN, "only one instance of \"null\" network is allowed",
                () -> m.create(new CreateNetwork("n2", "null", false, false, null, null, null, null)));
        assertError(ErrorKind.NOT_FOUND, "plugin \"weave\" not found",
                () -> m.create(new CreateNetwork("w", "weave", false, false, null, null, null, null)));
        assertError(ErrorKind.FORBIDDEN, "invalid pool request: Pool overlaps with other one on this address space",
                () -> m.create(new CreateNetwork("other", "bridge", false, false,
                        new NetworkSpec.IpamConfig("10.60.5.0/24", null, null), null, null, null)));
        assertError(ErrorKind.FORBIDDEN, "invalid pool request: Pool overlaps with other one on this address space",
                () -> m.create(new CreateNetwork("other", "bridge", false, false,
                        new NetworkSpec.IpamConfig("172.17.0.0/24", null, null), null, null, null)));
        assertEquals(List.of("restore", "create app"), h.bridge.calls);
    }

    @Test
    void createdNetworksSurviveARestart() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        String id = m.create(new CreateNetwork("app", "", false, true, null, Map.of("o", "1"),
                Map.of("com.docker.network.bridge.name", "br-app"), Map.of("tier", "web")));
        assertEquals("bridge", h.bridge.networks.get(id).driver());
        assertEquals(Map.of("com.docker.network.bridge.name", "br-app"), h.bridge.networks.get(id).options());
        Harness again = harness();
        NetworkInfo app = again.startAll().get(id.substring(0, 6));
        assertEquals("app", app.name());
        assertTrue(app.attachable());
        assertEquals(Map.of("tier", "web"), app.labels());
        assertEquals(Map.of("o", "1"), again.manager.details("app").ipamOptions());
        assertEquals("172.18.0.1", again.dns.serving.get(id));
        // the next network does not take the same subnet
        assertEquals("172.19.0.0/16", again.manager.get(again.manager.create(network("next"))).ipam().get(0)
                .subnet());
    }

    @Test
    void removeRules() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        String id = m.create(network("app"));
        assertError(ErrorKind.FORBIDDEN, "bridge is a pre-defined network and cannot be removed",
                () -> m.remove("bridge"));
        m.connect(connect("app", C1, "web"));
        assertError(ErrorKind.FORBIDDEN, "error while removing network: network app id " + id
                + " has active endpoints", () -> m.remove("app"));
        m.releaseAll(C1);
        h.bridge.failDelete = true;
        assertError(ErrorKind.SYSTEM, "error while removing network: device busy", () -> m.remove("app"));
        assertEquals("172.18.0.1", h.dns.serving.get(id), "DNS is back after a failed removal");
        h.bridge.failDelete = false;
        m.remove(id);
        assertFalse(h.dns.serving.containsKey(id));
        assertFalse(Files.exists(tmp.resolve("network/networks/" + id + ".json")));
        assertError(ErrorKind.NOT_FOUND, "network app not found", () -> m.get("app"));
        assertEquals("network destroy", h.actions().get(h.actions().size() - 1));
        Event destroy = h.events.get(h.events.size() - 1);
        assertEquals(Map.of("name", "app", "type", "bridge"), destroy.attributes());
        assertEquals("172.18.0.0/16", m.get(m.create(network("again"))).ipam().get(0).subnet());
    }

    @Test
    void pruneRemovesUnusedUserNetworks() throws Exception {
        Harness h = harness();
        NetworkManager m = h.startAll();
        m.create(network("used"));
        m.create(network("unused"));
        m.connect(connect("used", C1, "web"));
        assertEquals(List.of("unused"), m.prune(n -> true));
        assertEquals(4, m.list().size());
    }

    @Test
    void lookupByIdPrefix() throws Exception {
        NetworkManager m = harness().startAll();
        String id = m.create(network("app"));
        assertEquals("app", m.get(id).name());
        assertEquals("app", m.get(id.substring(0, 12)).name());
        assertError(ErrorKind.NOT_FOUND, "network zzz not found", () -> m.get("zzz"));
        assertNotNull(m.get("none"));
    }

    private static ConnectRequest withIp(String network, String container, String ip) {
        return new ConnectRequest(network, container, container.substring(0, 4), "/proc/self/ns/net", ip, null,
                List.of(), List.of(), List.of());
    }

    private static void assertError(ErrorKind kind, String message, org.junit.jupiter.api.function.Executable e) {
        EngineException ex = assertThrows(EngineException.class, e);
        assertEquals(message, ex.getMessage());
        assertEquals(kind, ex.kind());
    }

    private static List<NameTable.Host> v4(String address) {
        return List.of(new NameTable.Host(Ipv4.parse(address), null));
    }

    private static InetAddress from(String address) throws IOException {
        return InetAddress.getByName(address);
    }
}
