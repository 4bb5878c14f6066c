package io.wharf.networks.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.NetworkSpec.IpamConfig;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpamTest {
    private final List<Cidr> hostRoutes = new ArrayList<>();
    private final Ipam ipam = new Ipam(AddressPools.defaults(), () -> hostRoutes);

    @Test
    void defaultPoolsAreDockers() {
        List<AddressPools.Pool> pools = AddressPools.defaults();
        assertEquals(16, pools.size());
        assertEquals("172.17.0.0/16", pools.get(0).base().toString());
        assertEquals("172.31.0.0/16", pools.get(14).base().toString());
        assertEquals(16, pools.get(15).count());
        assertEquals("192.168.16.0/20", pools.get(15).subnet(1).toString());
    }

    @Test
    void choosesTheFirstPoolNoNetworkNorHostRouteUses() {
        assertEquals("172.17.0.0/16", ipam.choosePool(List.of()).toString());
        // another daemon's docker0 on the host, and a Wharf network on 172.18
        hostRoutes.add(Cidr.parse("172.17.0.0/16"));
        assertEquals("172.19.0.0/16", ipam.choosePool(List.of(Cidr.parse("172.18.0.0/16"))).toString());
        // a LAN route inside a pool makes the whole /16 unusable
        hostRoutes.add(Cidr.parse("172.19.5.0/24"));
        assertEquals("172.20.0.0/16", ipam.choosePool(List.of(Cidr.parse("172.18.0.0/16"))).toString());
    }

    @Test
    void afterThe172PoolsComeThe192168Twenties() {
        for (int i = 17; i <= 31; i++) {
            hostRoutes.add(Cidr.parse("172." + i + ".0.0/16"));
        }
        hostRoutes.add(Cidr.parse("192.168.0.0/24"));
        assertEquals("192.168.16.0/20", ipam.choosePool(List.of()).toString());
        hostRoutes.add(Cidr.parse("192.168.0.0/16"));
        EngineException e = assertThrows(EngineException.class, () -> ipam.choosePool(List.of()));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
    }

    @Test
    void configuredPoolsReplaceTheDefaults() {
        Ipam custom = new Ipam(AddressPools.fromConfig("base=10.10.0.0/16,size=24"),
                List::of);
        assertEquals("10.10.0.0/24", custom.choosePool(List.of()).toString());
        assertEquals("10.10.1.0/24", custom.choosePool(List.of(Cidr.parse("10.10.0.0/24"))).toString());
        assertThrows(IllegalArgumentException.class,
                () -> AddressPools.fromConfig("base=10.10.0.0/16,size=8"));
        assertThrows(IllegalArgumentException.class, () -> AddressPools.fromConfig("size=24"));
        assertThrows(IllegalArgumentException.class, () -> AddressPools.fromConfig("base=10.10.0.0/16,size=x"));
    }

    @Test
    void planWithoutRequestTakesAPoolAndItsFirstHostAsGateway() {
        SubnetPlan plan = ipam.plan(null, List.of(Cidr.parse("172.17.0.0/16")));
        assertEquals("172.18.0.0/16", plan.subnet().toString());
        assertEquals("172.18.0.1", Ipv4.format(plan.gateway()));
        assertFalse(plan.userConfigured());
    }

    @Test
    void requestedSubnetIsValidatedLikeDockerd() {
        SubnetPlan plan = ipam.plan(new IpamConfig("10.5.0.0/16", "10.5.1.0/24", "10.5.0.254"), List.of());
        assertEquals("10.5.0.0/16", plan.subnet().toString());
        assertEquals("10.5.1.0/24", plan.ipRange().toString());
        assertEquals("10.5.0.254", Ipv4.format(plan.gateway()));
        assertTrue(plan.userConfigured());

        assertInvalid("invalid subnet 10.5.0.1/16: it should be 10.5.0.0/16", new IpamConfig("10.5.0.1/16", null, null));
        assertInvalid("invalid subnet nonsense: invalid CIDR block notation", new IpamConfig("nonsense", null, null));
        assertInvalid("invalid ip-range 10.6.0.0/24: parent subnet 10.5.0.0/16 doesn't contain ip-range",
                new IpamConfig("10.5.0.0/16", "10.6.0.0/24", null));
        assertInvalid("invalid ip-range 10.0.0.0/8: CIDR block is bigger than its parent subnet 10.5.0.0/16",
                new IpamConfig("10.5.0.0/16", "10.0.0.0/8", null));
        assertInvalid("invalid gateway 10.6.0.1: parent subnet 10.5.0.0/16 doesn't contain this address",
                new IpamConfig("10.5.0.0/16", null, "10.6.0.1"));
        assertInvalid("every ip-range or gateway must have a corresponding subnet", new IpamConfig(null, null,
                "10.5.0.1"));
    }

    @Test
    void requestedSubnetMustNotOverlapAnotherNetwork() {
        EngineException e = assertThrows(EngineException.class,
                () -> ipam.plan(new IpamConfig("172.18.5.0/24", null, null), List.of(Cidr.parse("172.18.0.0/16"))));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("Pool overlaps with other one on this address space"));
        // host routes do not stop a subnet the user asked for, as in dockerd
        hostRoutes.add(Cidr.parse("10.9.0.0/16"));
        ipam.plan(new IpamConfig("10.9.0.0/24", null, null), List.of());
    }

    @Test
    void addressesSkipNetworkGatewayAndBroadcastAndAreReused() {
        ipam.addNetwork("n", new SubnetPlan(Cidr.parse("10.1.0.0/29"), null, Ipv4.parse("10.1.0.1"), false));
        assertEquals("10.1.0.2", Ipv4.format(ipam.allocate("n")));
        assertEquals("10.1.0.3", Ipv4.format(ipam.allocate("n")));
        int fourth = ipam.allocate("n");
        assertEquals("10.1.0.4", Ipv4.format(fourth));
        ipam.allocate("n");
        ipam.allocate("n");
        // .7 is the broadcast address: the /29 is full
        EngineException full = assertThrows(EngineException.class, () -> ipam.allocate("n"));
        assertEquals(ErrorKind.UNAVAILABLE, full.kind());
        ipam.release("n", fourth);
        assertEquals(fourth, ipam.allocate("n"));
    }

    @Test
    void gatewayInTheMiddleIsSkipped() {
        ipam.addNetwork("n", new SubnetPlan(Cidr.parse("10.1.0.0/24"), null, Ipv4.parse("10.1.0.3"), true));
        assertEquals("10.1.0.1", Ipv4.format(ipam.allocate("n")));
        assertEquals("10.1.0.2", Ipv4.format(ipam.allocate("n")));
        assertEquals("10.1.0.4", Ipv4.format(ipam.allocate("n")));
    }

    @Test
    void ipRangeLimitsDynamicAddressesButNotStaticOnes() {
        ipam.addNetwork("n", new SubnetPlan(Cidr.parse("10.2.0.0/16"), Cidr.parse("10.2.5.0/24"),
                Ipv4.parse("10.2.0.1"), true));
        // only the subnet's network and broadcast addresses are kept out, not the range's (as in dockerd)
        assertEquals("10.2.5.0", Ipv4.format(ipam.allocate("n")));
        assertEquals("10.2.9.9", Ipv4.format(ipam.reserve("n", Ipv4.parse("10.2.9.9"))));
    }

    @Test
    void staticAddressRules() {
        ipam.addNetwork("n", new SubnetPlan(Cidr.parse("10.3.0.0/24"), null, Ipv4.parse("10.3.0.1"), true));
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> ipam.reserve("n", Ipv4.parse("10.4.0.5"))).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> ipam.reserve("n", Ipv4.parse("10.3.0.255"))).kind());
        EngineException gateway = assertThrows(EngineException.class, () -> ipam.reserve("n", Ipv4.parse("10.3.0.1")));
        assertEquals("Address already in use", gateway.getMessage());
        ipam.reserve("n", Ipv4.parse("10.3.0.2"));
        assertEquals("Address already in use", assertThrows(EngineException.class,
                () -> ipam.reserve("n", Ipv4.parse("10.3.0.2"))).getMessage());
        // the dynamic allocator steps over the static address
        assertEquals("10.3.0.3", Ipv4.format(ipam.allocate("n")));
        ipam.release("n", Ipv4.parse("10.3.0.2"));
        assertEquals("10.3.0.2", Ipv4.format(ipam.allocate("n")));
    }

    @Test
    void restoreTakesLiveAddressesOnce() {
        ipam.addNetwork("n", new SubnetPlan(Cidr.parse("10.3.0.0/24"), null, Ipv4.parse("10.3.0.1"), false));
        assertTrue(ipam.restore("n", Ipv4.parse("10.3.0.2")));
        assertFalse(ipam.restore("n", Ipv4.parse("10.3.0.2")));
        assertFalse(ipam.restore("n", Ipv4.parse("10.9.0.2")));
        assertEquals("10.3.0.3", Ipv4.format(ipam.allocate("n")));
    }

    @Test
    void routeTableIsReadWithoutTheDefaultRoute() {
        String table = """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
                eth0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
                docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
                """;
        List<Cidr> routes = HostRoutes.parseRouteTable(table);
        assertEquals(List.of(Cidr.parse("192.168.0.0/24"), Cidr.parse("172.17.0.0/16")), routes);
    }

    private void assertInvalid(String message, IpamConfig config) {
        EngineException e = assertThrows(EngineException.class, () -> ipam.plan(config, List.of()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
