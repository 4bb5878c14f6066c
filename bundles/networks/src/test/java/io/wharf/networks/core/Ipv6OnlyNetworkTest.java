package io.wharf.networks.core;

import static io.wharf.networks.core.Harness.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.dns.NameTable;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkStore;
import io.wharf.support.Ipv6;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker network create --ipv6 --ipv4=false: endpoints with an IPv6 address only. */
class Ipv6OnlyNetworkTest {
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    private static final String C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
    @TempDir
    Path tmp;

    private static CreateNetwork ipv6Only(String name, String driver, NetworkSpec.IpamConfig v6) {
        return new CreateNetwork(name, driver, false, false, null, null, null, null, Map.of(), true, v6, "default",
                false);
    }

    @Test
    void theNetworkHasOnlyItsIpv6PoolAndItsDnsServerOnTheIpv6Gateway() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        String id = m.create(ipv6Only("v6", "", new NetworkSpec.IpamConfig("fd00:1::/64", null, null)));
        NetworkInfo info = m.get(id);
        assertEquals(List.of(new NetworkSpec.IpamConfig("fd00:1::/64", null, "fd00:1::1")), info.ipam());
        assertTrue(info.enableIpv6());
        assertEquals("fd00:1::1", info.dnsServer());
        assertEquals("fd00:1::1", h.dns.serving.get(id));
        assertEquals("fd00:1::/64", h.dns.subnets.get(id));
        assertEquals(info.ipam(), h.bridge.networks.get(id).ipam(), "the driver gets no IPv4 pool");

        String other = m.create(ipv6Only("v6b", "", null));
        assertTrue(m.get(other).ipam().get(0).subnet().startsWith("fd"), "a /64 of the ULA prefix without --subnet");
        assertEquals(1, m.get(other).ipam().size());
    }

    @Test
    void endpointsGetAnIpv6AddressARandomLocalMacTheIpv6RouteAndDnsNames() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        String id = m.create(ipv6Only("v6", "", new NetworkSpec.IpamConfig("fd00:1::/64", null, null)));
        EndpointSettings one = m.connect(connect("v6", C1, "one"));
        EndpointSettings two = m.connect(connect("v6", C2, "two"));
        assertEquals("", one.ipv4Address());
        assertEquals("", one.gateway());
        assertEquals("fd00:1::2", one.ipv6Address());
        assertEquals("fd00:1::1", one.ipv6Gateway());
        assertEquals("fd00:1::3", two.ipv6Address());
        assertTrue(one.macAddress().matches("[0-9a-f][26ae](:[0-9a-f]{2}){5}"), one.macAddress());
        assertTrue(!one.macAddress().equals(two.macAddress()));
        EndpointSpec spec = h.bridge.endpoints.get(one.endpointId());
        assertNull(spec.ipv4Address());
        assertEquals("eth0", spec.interfaceName());
        assertEquals("fd00:1::1", spec.ipv6Gateway(), "the endpoint carries the container's default route");

        NameTable names = h.dns.tables.get(id);
        byte[] twoAddress = Ipv6.toBytes(Ipv6.parse("fd00:1::3"));
        assertEquals(List.of(new NameTable.Host(null, twoAddress)),
                names.lookup("two", InetAddress.getByName("fd00:1::2")));
        m.disconnect("v6", C2);
        assertNull(names.lookup("two", null));
    }

    @Test
    void portsPublishedEverywhereArePublishedOnEveryIpv6Address() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(ipv6Only("v6", "", null));
        EndpointSettings s = m.connect(new ConnectRequest("v6", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of(), List.of(new PortRequest("tcp", 80, "", 8080, 8080),
                new PortRequest("tcp", 81, "::1", 8081, 8081)), List.of()));
        assertEquals(List.of(new EndpointSpec.PortBinding("tcp", 80, "::", 8080),
                new EndpointSpec.PortBinding("tcp", 81, "::1", 8081)), s.ports());
    }

    @Test
    void aStaticIpv4AddressAndDriversOtherThanBridgeAreRefused() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(ipv6Only("v6", "", new NetworkSpec.IpamConfig("fd00:1::/64", null, null)));
        EngineException e = assertThrows(EngineException.class, () -> m.connect(new ConnectRequest("v6", C1, "one",
                "/proc/self/ns/net", "10.0.0.2", null, List.of(), List.of(), List.of(), List.of())));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        FakeDriver macvlan = new FakeDriver("macvlan", true);
        m.driverAdded("macvlan", macvlan);
        e = assertThrows(EngineException.class, () -> m.create(ipv6Only("m", "macvlan", null)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("IPv4 cannot be disabled for network driver macvlan", e.getMessage());
    }

    @Test
    void theNetworkIsIpv6OnlyAgainAfterARestart() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        String id = m.create(ipv6Only("v6", "", new NetworkSpec.IpamConfig("fd00:1::/64", null, null)));
        m.close();
        Harness after = new Harness(tmp);
        NetworkManager m2 = after.startAll();
        assertEquals(List.of(new NetworkSpec.IpamConfig("fd00:1::/64", null, "fd00:1::1")), m2.get(id).ipam());
        assertEquals("fd00:1::2", m2.connect(connect("v6", C1, "one")).ipv6Address());
        assertEquals("fd00:1::1", after.dns.serving.get(id));
    }

    @Test
    void besideAnIpv6OnlyNetworkAnIpv4NetworkCarriesTheIpv4DefaultRouteAndTheReverse() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(ipv6Only("v6", "", new NetworkSpec.IpamConfig("fd00:1::/64", null, null)));
        m.create(Harness.network("v4"));
        m.create(Harness.network("v4b"));
        EndpointSettings only6 = m.connect(connect("v6", C1, "web"));
        EndpointSettings four = m.connect(connect("v4", C1, "web"));
        EndpointSettings fourB = m.connect(connect("v4b", C1, "web"));
        assertEquals("fd00:1::1", h.bridge.endpoints.get(only6.endpointId()).ipv6Gateway());
        assertEquals(four.gateway(), h.bridge.endpoints.get(four.endpointId()).gateway(), "IPv4 is routed too");
        assertNull(h.bridge.endpoints.get(fourB.endpointId()).gateway(), "once");

        h.bridge.calls.clear();
        m.disconnect("v4", C1);
        assertEquals(List.of("leave " + four.endpointId(), "route " + fourB.endpointId() + " via "
                + fourB.gateway()), h.bridge.calls, "IPv4 moves to v4b, not to the IPv6-only endpoint");

        EndpointSettings later = m.connect(connect("v6", C2, "db"));
        m.connect(connect("v4", C2, "db"));
        assertEquals("fd00:1::1", h.bridge.endpoints.get(later.endpointId()).ipv6Gateway());
        EndpointSettings first4 = m.connect(connect("v4b", C2, "db"));
        assertNull(h.bridge.endpoints.get(first4.endpointId()).gateway(), "the v4 endpoint routes IPv4 already");
    }

    @Test
    void aDualStackNetworkJoinedAfterAnIpv6OnlyOneCarriesTheIpv4DefaultRouteAndTakesOverIpv6() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(ipv6Only("v6", "", new NetworkSpec.IpamConfig("fd00:1::/64", null, null)));
        m.create(dualStack("dual", "fd00:2::/64"));
        m.create(dualStack("dual2", "fd00:3::/64"));
        EndpointSettings only6 = m.connect(connect("v6", C1, "web"));
        EndpointSettings dual = m.connect(connect("dual", C1, "web"));
        EndpointSettings dual2 = m.connect(connect("dual2", C1, "web"));
        EndpointSpec dualSpec = h.bridge.endpoints.get(dual.endpointId());
        assertEquals(dual.gateway(), dualSpec.gateway(), "the first endpoint with IPv4 carries its default route");
        assertNull(dualSpec.ipv6Gateway(), "the IPv6-only endpoint carries IPv6's");
        assertNull(h.bridge.endpoints.get(dual2.endpointId()).gateway());
        assertNull(h.bridge.endpoints.get(dual2.endpointId()).ipv6Gateway());

        h.bridge.calls.clear();
        m.disconnect("v6", C1);
        assertEquals(List.of("leave " + only6.endpointId(), "route " + dual.endpointId() + " via " + dual.gateway()
                + " and fd00:2::1"), h.bridge.calls, "IPv6 moves to the dual-stack endpoint, IPv4 stays there");

        h.bridge.calls.clear();
        m.disconnect("dual", C1);
        assertEquals(List.of("leave " + dual.endpointId(), "route " + dual2.endpointId() + " via " + dual2.gateway()
                + " and fd00:3::1"), h.bridge.calls, "both families move, in one step");
        EndpointRecord stored = new NetworkStore(tmp.resolve("network")).loadEndpoints().stream()
                .filter(e -> e.id().equals(dual2.endpointId())).findFirst().orElseThrow();
        assertTrue(stored.routesIpv4() && stored.routesIpv6(), "kept for restores: " + stored);
    }

    private static CreateNetwork dualStack(String name, String subnet6) {
        return new CreateNetwork(name, "", false, false, null, null, null, null, Map.of(), true,
                new NetworkSpec.IpamConfig(subnet6, null, null), "default", true);
    }
}
