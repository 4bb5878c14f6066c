package io.wharf.network.bridge;

import static io.wharf.network.bridge.TestData.DEFAULTS;
import static io.wharf.network.bridge.TestData.endpoint;
import static io.wharf.network.bridge.TestData.id;
import static io.wharf.network.bridge.TestData.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.EndpointSpec.PortBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpBatchTest {
    private static final BridgeNetwork NETWORK = BridgeNetwork.of(network(id('a'), "172.18.0.0/16", "172.18.0.1",
            Map.of(BridgeNetwork.MTU, "1400"), false), DEFAULTS);
    private static final Endpoint ENDPOINT = Endpoint.of(endpoint(NETWORK.id(), "0123abcdef", "/proc/42/ns/net",
            "172.18.0.2", "172.18.0.1"));

    @Test
    void newBridge() {
        assertEquals("""
                link add name br-aaaaaaaaaaaa address 02:42:ac:12:00:01 mtu 1400 type bridge
                link set dev br-aaaaaaaaaaaa up
                address replace 172.18.0.1/16 dev br-aaaaaaaaaaaa
                """, IpBatch.bridge(NETWORK, false).text());
        assertEquals("""
                link set dev br-aaaaaaaaaaaa up
                address replace 172.18.0.1/16 dev br-aaaaaaaaaaaa
                """, IpBatch.bridge(NETWORK, true).text());
    }

    @Test
    void vethPeerIsCreatedInsideTheNamespace() {
        assertEquals("""
                link add name veth0123abc mtu 1400 type veth peer name eth0 address 02:42:ac:12:00:02 mtu 1400 \
                netns /proc/42/ns/net
                link set dev veth0123abc master br-aaaaaaaaaaaa up
                link set dev veth0123abc type bridge_slave hairpin on
                """, IpBatch.hostSide(ENDPOINT, NETWORK).text());
    }

    @Test
    void containerSideEndsWithTheDefaultRoute() {
        assertEquals("""
                address add 172.18.0.2/24 dev eth0
                link set dev eth0 up
                route add default via 172.18.0.1 dev eth0
                """, IpBatch.containerSide(ENDPOINT).text());
        Endpoint noGateway = Endpoint.of(endpoint(NETWORK.id(), "0123abcdef", "/proc/42/ns/net", "172.18.0.2", null));
        assertFalse(IpBatch.containerSide(noGateway).text().contains("route"));
    }

    @Test
    void linkLocalAddressesGoOnTheSameInterface() {
        EndpointSpec spec = endpoint(NETWORK.id(), "0123abcdef", "/proc/42/ns/net", "172.18.0.2", "172.18.0.1");
        Endpoint withExtras = Endpoint.of(new EndpointSpec(spec.networkId(), spec.endpointId(), spec.containerId(),
                spec.sandboxPath(), spec.interfaceName(), spec.ipv4Address(), spec.prefixLength(), spec.gateway(),
                null, List.of(), List.of(), List.of("169.254.8.8", "10.99.0.5", "169.254.008.008", "FE80::0:5",
                "fd00::7")));
        assertEquals("""
                address add 172.18.0.2/24 dev eth0
                address add 169.254.8.8/16 dev eth0
                address add 10.99.0.5/32 dev eth0
                address add fe80::5/64 dev eth0 nodad
                address add fd00::7/128 dev eth0 nodad
                link set dev eth0 up
                route add default via 172.18.0.1 dev eth0
                """, IpBatch.containerSide(withExtras).text());
        assertTrue(withExtras.usesIpv6(), "IPv6 link-local addresses need IPv6 on the interface");
        for (String bad : List.of("169.254.1.1/16 dev lo", "fe80::1/64 dev lo", "fe80::1 x", "nonsense")) {
            assertThrows(EngineException.class, () -> Endpoint.of(new EndpointSpec(spec.networkId(),
                    spec.endpointId(), spec.containerId(), spec.sandboxPath(), spec.interfaceName(),
                    spec.ipv4Address(), spec.prefixLength(), null, null, List.of(), List.of(), List.of(bad))), bad);
        }
    }

    @Test
    void anExistingDefaultRouteIsNotAnError() {
        IpBatch batch = IpBatch.containerSide(ENDPOINT);
        assertTrue(batch.defaultRouteExists("RTNETLINK answers: File exists\nCommand failed -:3\n"));
        assertFalse(batch.defaultRouteExists("RTNETLINK answers: File exists\nCommand failed -:1\n"));
    }

    @Test
    void errorNamesTheFailedCommand() {
        IpBatch batch = IpBatch.hostSide(ENDPOINT, NETWORK);
        assertEquals("ip link add name veth0123abc mtu 1400 type veth peer name eth0 address 02:42:ac:12:00:02 "
                        + "mtu 1400 netns /proc/42/ns/net failed: RTNETLINK answers: File exists",
                batch.errorMessage("ip", "RTNETLINK answers: File exists\nCommand failed -:1\n"));
        assertEquals(List.of("link del dev a", "link del dev b"), IpBatch.deleteLinks(List.of("a", "b")).lines());
    }

    @Test
    void endpointInputIsValidated() {
        assertThrows(EngineException.class, () -> Endpoint.of(endpoint(NETWORK.id(), "0123abcdef",
                "/proc/42/ns/net netns /x", "172.18.0.2", null)));
        assertThrows(EngineException.class, () -> Endpoint.of(endpoint(NETWORK.id(), "0123abcdef",
                "/proc/42/ns/net", "172.18.0.2", null, new PortBinding("icmp", 80, "", 80))));
        assertThrows(EngineException.class, () -> Endpoint.of(endpoint(NETWORK.id(), "0123abcdef",
                "/proc/42/ns/net", "172.18.0.2", null, new PortBinding("tcp", 80, "", 0))));
        Endpoint ports = Endpoint.of(endpoint(NETWORK.id(), "0123abcdef", "/proc/42/ns/net", "172.18.0.2", null,
                new PortBinding("TCP", 80, "0.0.0.0", 8080), new PortBinding("tcp", 80, "::", 8080),
                new PortBinding("tcp", 80, "fe80::1", 8081)));
        assertEquals(List.of(new PortBinding("tcp", 80, "0.0.0.0", 8080)), ports.ports(),
                "IPv6 host addresses have nothing to forward to on an IPv4-only endpoint");
        Endpoint dual = Endpoint.of(TestData.dualStackEndpoint(NETWORK.id(), "0123abcdef", "/proc/42/ns/net",
                "172.18.0.2", "fd5a:17::2", true, new PortBinding("tcp", 80, "::", 8080),
                new PortBinding("tcp", 80, "FD5A:17::0:1", 8081), new PortBinding("tcp", 80, "::1", 8082)));
        assertEquals(List.of(new PortBinding("tcp", 80, "::", 8080), new PortBinding("tcp", 80, "fd5a:17::1", 8081),
                new PortBinding("tcp", 80, "::1", 8082)), dual.ports());
        assertThrows(EngineException.class, () -> Endpoint.of(endpoint(NETWORK.id(), "0123abcdef",
                "/proc/42/ns/net", "172.18.0.2", null, new PortBinding("sctp", 53, "::1", 53))),
                "TCP and UDP only on ::1");
        assertEquals(List.of(new PortBinding("udp", 53, "::1", 53)), Endpoint.of(endpoint(NETWORK.id(),
                "0123abcdef", "/proc/42/ns/net", "172.18.0.2", null, new PortBinding("udp", 53, "::1", 53))).ports());
    }

    @Test
    void ipv6OnlyBridgeAndEndpoint() {
        BridgeNetwork network = BridgeNetwork.of(TestData.ipv6OnlyNetwork(id('a'), "fd00:1::/64", "fd00:1::1"),
                DEFAULTS);
        assertEquals("""
                link add name br-aaaaaaaaaaaa address 02:42:fd:00:00:00 mtu 1500 type bridge
                link set dev br-aaaaaaaaaaaa up
                """, IpBatch.bridge(network, false).text(), "no IPv4 address; a MAC from the IPv6 gateway");
        assertEquals("link set dev br-aaaaaaaaaaaa up\n", IpBatch.bridge(network, true).text());
        Endpoint endpoint = Endpoint.of(TestData.ipv6OnlyEndpoint(network.id(), "0123abcdef", "/proc/42/ns/net",
                "fd00:1::2", true));
        IpBatch inside = IpBatch.containerSide(endpoint);
        assertEquals("""
                address add fd00:1::2/64 dev eth0 nodad
                link set dev eth0 up
                route add ::/0 via fd00:1::1 dev eth0
                """, inside.text());
        assertTrue(inside.defaultRouteExists("RTNETLINK answers: File exists\nCommand failed -:3\n"));
        assertEquals("route replace ::/0 via fd00:1::1 dev eth0\n", IpBatch.defaultRoute(endpoint).text());
        assertEquals("0a:1b:2c:3d:4e:5f", endpoint.macAddress());
        assertThrows(EngineException.class, () -> Endpoint.of(new EndpointSpec(network.id(), "0123abcdef", "c",
                "/proc/42/ns/net", "eth0", null, 0, null, null, List.of(), List.of(), List.of(), "fd00:1::2", 64,
                null)), "no MAC to derive without IPv4");
        assertEquals(List.of(new PortBinding("tcp", 80, "::", 8080), new PortBinding("tcp", 81, "::1", 8081)),
                Endpoint.of(TestData.ipv6OnlyEndpoint(network.id(), "0123abcdef", "/proc/42/ns/net", "fd00:1::2",
                        true, new PortBinding("tcp", 80, "", 8080), new PortBinding("tcp", 81, "::1", 8081),
                        new PortBinding("tcp", 82, "127.0.0.1", 8082), new PortBinding("tcp", 83, "0.0.0.0", 8083)))
                        .ports(), "IPv4 host addresses have nothing to forward to");
    }

    @Test
    void dualStackBridgeAndEndpoint() {
        BridgeNetwork network = BridgeNetwork.of(TestData.dualStackNetwork(id('a'), "fd5a:17::/64", "fd5a:17::1"),
                DEFAULTS);
        assertEquals("address replace fd5a:17::1/64 dev br-aaaaaaaaaaaa nodad\n",
                IpBatch.bridgeIpv6(network).text());
        Endpoint endpoint = Endpoint.of(TestData.dualStackEndpoint(network.id(), "0123abcdef", "/proc/42/ns/net",
                "172.18.0.2", "fd5a:17:0::2", true));
        assertEquals("""
                address add 172.18.0.2/24 dev eth0
                address add fd5a:17::2/64 dev eth0 nodad
                link set dev eth0 up
                route add ::/0 via fd5a:17::1 dev eth0
                route add default via 172.18.0.1 dev eth0
                """, IpBatch.containerSide(endpoint).text());
        assertEquals("""
                route replace default via 172.18.0.1 dev eth0
                route replace ::/0 via fd5a:17::1 dev eth0
                """, IpBatch.defaultRoute(endpoint).text());
        assertThrows(EngineException.class, () -> BridgeNetwork.of(TestData.dualStackNetwork(id('a'),
                "fd5a:17::/64", "fd5a:18::1"), DEFAULTS), "gateway outside the subnet");
    }

    @Test
    void networkOptionsAreValidated() {
        assertThrows(EngineException.class, () -> BridgeNetwork.of(network(id('a'), "172.18.0.0/16", "172.18.0.1",
                Map.of(BridgeNetwork.MTU, "12"), false), DEFAULTS));
        assertThrows(EngineException.class, () -> BridgeNetwork.of(network(id('a'), "172.18.0.0/16", "172.19.0.1",
                Map.of(), false), DEFAULTS));
        assertThrows(EngineException.class, () -> BridgeNetwork.of(network(id('a'), "172.18.0.0/16", "172.18.0.1",
                Map.of(BridgeNetwork.ENABLE_ICC, "maybe"), false), DEFAULTS));
        assertEquals(1500, BridgeNetwork.of(network(id('a'), "172.18.0.0/16", "172.18.0.1", Map.of(), false),
                DEFAULTS).mtu());
    }
}
