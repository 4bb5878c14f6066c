package io.wharf.networks.core;

import static io.wharf.networks.core.Harness.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import io.wharf.support.Ipv6;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DualStackNetworkTest {
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    private static final String C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
    @TempDir
    Path tmp;

    private static CreateNetwork dualStack(String name, NetworkSpec.IpamConfig v6) {
        return new CreateNetwork(name, "", false, false, null, null, null, null, Map.of(), true, v6);
    }

    private static ConnectRequest withIp6(String network, String containerId, String name, String ip6) {
        return new ConnectRequest(network, containerId, name, "/proc/self/ns/net", null, null, List.of(), List.of(),
                List.of(), List.of(), ip6);
    }

    @Test
    void aNetworkWithoutIpv6SubnetGetsA64OfTheUlaPrefixAndKeepsItsIpv4Pool() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        String a = m.create(dualStack("a", null));
        String b = m.create(dualStack("b", null));
        NetworkInfo info = m.get(a);
        assertTrue(info.enableIpv6());
        assertEquals(2, info.ipam().size());
        NetworkSpec.IpamConfig v6 = info.ipam().get(1);
        assertTrue(v6.subnet().startsWith("fd") && v6.subnet().endsWith("::/64"), v6.subnet());
        assertEquals(v6.subnet().replace("::/64", "::1"), v6.gateway());
        assertFalse(info.ipam().get(0).subnet().contains(":"));
        String other = m.get(b).ipam().get(1).subnet();
        assertFalse(other.equals(v6.subnet()), "each network its own /64");
        // compared as numbers: a random /48 may print with short groups (fd7d:b45:ef::)
        assertEquals(Ipv6.parse(v6.subnet().replace("/64", "")).shiftRight(80),
                Ipv6.parse(other.replace("/64", "")).shiftRight(80), "both from the daemon's /48");
        assertTrue(h.bridge.networks.get(a).enableIpv6(), "the driver is told");
    }

    @Test
    void endpointsGetAddressesInOrderAfterTheGatewayAndTheDriverTheIpv6Route() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        String id = m.create(dualStack("app", new NetworkSpec.IpamConfig("fd5a:17::/64", null, null)));
        EndpointSettings one = m.connect(connect("app", C1, "one"));
        EndpointSettings two = m.connect(connect("app", C2, "two"));
        assertEquals("fd5a:17::2", one.ipv6Address());
        assertEquals(64, one.ipv6PrefixLength());
        assertEquals("fd5a:17::1", one.ipv6Gateway());
        assertEquals("fd5a:17::3", two.ipv6Address());
        EndpointSpec spec = h.bridge.endpoints.get(one.endpointId());
        assertEquals("fd5a:17::2", spec.ipv6Address());
        assertEquals("fd5a:17::1", spec.ipv6Gateway(), "the default route endpoint routes IPv6 too");
        assertEquals(List.of(new NetworkSpec.IpamConfig(h.bridge.networks.get(id).ipam().get(0).subnet(),
                null, h.bridge.networks.get(id).ipam().get(0).gateway()),
                new NetworkSpec.IpamConfig("fd5a:17::/64", null, "fd5a:17::1")), m.get(id).ipam());

        m.disconnect("app", C1);
        assertEquals("fd5a:17::2", m.connect(connect("app", C1, "one")).ipv6Address(), "released and reused");
    }

    @Test
    void ip6IsHonouredOnAUserSubnetAndRefusedElsewhere() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(dualStack("app", new NetworkSpec.IpamConfig("fd5a:17::/64", null, "fd5a:17::fe")));
        m.create(dualStack("auto", null));
        m.create(Harness.network("v4"));
        assertEquals("fd5a:17::99", m.connect(withIp6("app", C1, "one", "fd5a:17:0::99")).ipv6Address());
        EngineException taken = assertThrows(EngineException.class,
                () -> m.connect(withIp6("app", C2, "two", "fd5a:17::99")));
        assertEquals(ErrorKind.FORBIDDEN, taken.kind());
        EngineException gateway = assertThrows(EngineException.class,
                () -> m.connect(withIp6("app", C2, "two", "fd5a:17::fe")));
        assertEquals(ErrorKind.FORBIDDEN, gateway.kind());
        EngineException outside = assertThrows(EngineException.class,
                () -> m.connect(withIp6("app", C2, "two", "fd5a:18::5")));
        assertEquals(ErrorKind.INVALID_PARAMETER, outside.kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> m.connect(withIp6("auto", C2, "two", "fd00::5"))).kind(), "not a user subnet");
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> m.connect(withIp6("v4", C2, "two", "fd00::5"))).kind(), "IPv6 not enabled");
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> m.connect(withIp6("app", C2, "two", "10.0.0.1"))).kind());
        assertEquals("fd5a:17::1", m.connect(connect("app", C2, "two")).ipv6Address(),
                "nothing leaked; ::1 is free as the gateway is ::fe");
    }

    @Test
    void overlappingIpv6SubnetsAreRefused() throws Exception {
        NetworkManager m = new Harness(tmp).startAll();
        m.create(dualStack("a", new NetworkSpec.IpamConfig("fd5a:17::/48", null, null)));
        EngineException e = assertThrows(EngineException.class,
                () -> m.create(dualStack("b", new NetworkSpec.IpamConfig("fd5a:17:0:1::/64", null, null))));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
    }

    @Test
    void addressesSurviveARestart() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        String id = m.create(dualStack("app", null));
        String subnet = m.get(id).ipam().get(1).subnet();
        m.close();
        Harness again = new Harness(tmp);
        NetworkManager restarted = again.startAll();
        assertEquals(subnet, restarted.get(id).ipam().get(1).subnet());
        assertTrue(restarted.get(id).enableIpv6());
    }

    @Test
    void theDefaultBridgeIsIpv4OnlyUnlessConfigured() throws Exception {
        Harness off = new Harness(tmp.resolve("off"));
        NetworkInfo plain = off.startAll().get("bridge");
        assertFalse(plain.enableIpv6());
        assertEquals(1, plain.ipam().size());
        Harness on = new Harness(tmp.resolve("on"));
        on.config.put("ipv6", true);
        on.config.put("fixed-cidr-v6", "fd5a:99::/64");
        NetworkInfo bridge = on.startAll().get("bridge");
        assertTrue(bridge.enableIpv6());
        assertEquals(new NetworkSpec.IpamConfig("fd5a:99::/64", null, "fd5a:99::1"), bridge.ipam().get(1));
        Harness ula = new Harness(tmp.resolve("ula"));
        ula.config.put("ipv6", true);
        assertTrue(ula.startAll().get("bridge").ipam().get(1).subnet().startsWith("fd"));
        assertNull(off.manager.get("bridge").dnsServer());
    }
}
