package io.wharf.network.bridge;

import static io.wharf.network.bridge.TestData.DEFAULTS;
import static io.wharf.network.bridge.TestData.endpoint;
import static io.wharf.network.bridge.TestData.id;
import static io.wharf.network.bridge.TestData.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.network.EndpointSpec.PortBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftRulesetTest {
    private static final BridgeNetwork WEB = BridgeNetwork.of(network(id('a'), "172.18.0.0/16", "172.18.0.1",
            Map.of(BridgeNetwork.BRIDGE_NAME, "br-web"), false), DEFAULTS);

    @Test
    void publishedPortsOnOneNetwork() {
        Endpoint endpoint = webEndpoint(new PortBinding("tcp", 80, "", 8080),
                new PortBinding("udp", 53, "127.0.0.1", 5353));

        assertEquals("""
                table inet wharf {
                \tchain raw-prerouting {
                \t\ttype filter hook prerouting priority raw; policy accept;
                \t\tiifname { "br-web" } ip daddr 127.0.0.0/8 drop
                \t\tiifname != "lo" ip daddr 127.0.0.1 udp dport 5353 drop
                \t}
                \tchain prerouting {
                \t\ttype nat hook prerouting priority dstnat; policy accept;
                \t\tfib daddr type local jump ports
                \t}
                \tchain output {
                \t\ttype nat hook output priority -100; policy accept;
                \t\tfib daddr type local jump ports
                \t}
                \tchain ports {
                \t\ttcp dport 8080 dnat ip to 172.18.0.2:80
                \t\tip daddr 127.0.0.1 udp dport 5353 dnat ip to 172.18.0.2:53
                \t}
                \tchain postrouting {
                \t\ttype nat hook postrouting priority srcnat; policy accept;
                \t\toifname "br-web" ip saddr 127.0.0.0/8 masquerade
                \t\tip saddr 172.18.0.0/16 ip daddr 172.18.0.0/16 ct status dnat masquerade
                \t\tip saddr 172.18.0.0/16 oifname != "br-web" masquerade
                \t}
                \tchain forward {
                \t\ttype filter hook forward priority filter; policy accept;
                \t\tct state established,related accept
                \t\toifname "br-web" ip daddr 172.18.0.2 tcp dport 80 ct status dnat accept
                \t\toifname "br-web" ip daddr 172.18.0.2 udp dport 53 ct status dnat accept
                \t\toifname "br-web" iifname != "br-web" drop
                \t}
                }
                """, NftRuleset.table("wharf", List.of(WEB), List.of(endpoint)));
    }

    @Test
    void replaceScriptDeletesAndRecreatesInOneTransaction() {
        String script = NftRuleset.replaceScript("wharf_0123abcd", List.of(WEB), List.of());
        assertTrue(script.startsWith("table ip wharf_0123abcd {}\ndelete table ip wharf_0123abcd\n"
                + "table inet wharf_0123abcd {}\ndelete table inet wharf_0123abcd\n"
                + "table inet wharf_0123abcd {\n"), script);
        assertEquals("table ip wharf {}\ndelete table ip wharf\ntable inet wharf {}\ndelete table inet wharf\n",
                NftRuleset.deleteScript("wharf"), "an older daemon's IPv4-only table goes too");
    }

    @Test
    void internalNetworkIsCutOffFromEverythingElse() {
        BridgeNetwork internal = BridgeNetwork.of(network(id('b'), "10.1.0.0/24", "10.1.0.1", Map.of(), true),
                DEFAULTS);
        String table = NftRuleset.table("wharf", List.of(internal), List.of());
        assertTrue(table.contains("iifname \"br-bbbbbbbbbbbb\" oifname != \"br-bbbbbbbbbbbb\" drop\n"), table);
        assertTrue(table.contains("oifname \"br-bbbbbbbbbbbb\" iifname != \"br-bbbbbbbbbbbb\" drop\n"), table);
        assertFalse(table.contains("oifname != \"br-bbbbbbbbbbbb\" masquerade"), "internal networks never NAT out");
    }

    @Test
    void masqueradeOffKeepsLoopbackAndHairpinNat() {
        BridgeNetwork plain = BridgeNetwork.of(network(id('c'), "10.2.0.0/24", "10.2.0.1",
                Map.of(BridgeNetwork.ENABLE_IP_MASQUERADE, "false"), false), DEFAULTS);
        String table = NftRuleset.table("wharf", List.of(plain), List.of());
        assertFalse(table.contains("oifname != \"br-cccccccccccc\" masquerade"), table);
        assertTrue(table.contains("oifname \"br-cccccccccccc\" ip saddr 127.0.0.0/8 masquerade"), table);

        BridgeNetwork daemonWide = BridgeNetwork.of(network(id('c'), "10.2.0.0/24", "10.2.0.1", Map.of(), false),
                new BridgeNetwork.Defaults(1500, false));
        assertFalse(daemonWide.masquerade(), "ip-masq=false in the daemon config");
    }

    @Test
    void iccOffDropsTrafficWithinTheBridge() {
        BridgeNetwork quiet = BridgeNetwork.of(network(id('d'), "10.3.0.0/24", "10.3.0.1",
                Map.of(BridgeNetwork.ENABLE_ICC, "false"), false), DEFAULTS);
        String table = NftRuleset.table("wharf", List.of(quiet), List.of());
        assertTrue(table.contains("iifname \"br-dddddddddddd\" oifname \"br-dddddddddddd\" drop\n"), table);
        assertFalse(NftRuleset.table("wharf", List.of(WEB), List.of()).contains("oifname \"br-web\" drop"));
    }

    @Test
    void networksAreIsolatedFromEachOther() {
        BridgeNetwork other = BridgeNetwork.of(network(id('e'), "10.4.0.0/24", "10.4.0.1", Map.of(), false),
                DEFAULTS);
        String table = NftRuleset.table("wharf", List.of(other, WEB), List.of());
        assertTrue(table.contains("iifname \"br-eeeeeeeeeeee\" oifname { \"br-web\" } drop\n"), table);
        assertTrue(table.contains("iifname \"br-web\" oifname { \"br-eeeeeeeeeeee\" } drop\n"), table);
        String forward = table.substring(table.indexOf("chain forward"));
        assertTrue(forward.indexOf("ct state established,related accept") < forward.indexOf(" drop"), forward);
    }

    @Test
    void containersNeverReachTheHostsLoopbackAndNeighboursNeverReachLoopbackPorts() {
        BridgeNetwork other = BridgeNetwork.of(network(id('e'), "10.4.0.0/24", "10.4.0.1", Map.of(), false),
                DEFAULTS);
        Endpoint anyAddress = webEndpoint(new PortBinding("tcp", 80, "", 8080),
                new PortBinding("tcp", 81, "127.0.0.2", 8081));
        String table = NftRuleset.table("wharf", List.of(other, WEB), List.of(anyAddress));
        String raw = table.substring(table.indexOf("chain raw-prerouting"), table.indexOf("chain prerouting"));
        assertTrue(raw.contains("iifname { \"br-eeeeeeeeeeee\", \"br-web\" } ip daddr 127.0.0.0/8 drop\n"), raw);
        assertTrue(raw.contains("iifname != \"lo\" ip daddr 127.0.0.2 tcp dport 8081 drop\n"), raw);
        assertFalse(raw.contains("8080"), "a port published on every address may be reached on any: " + raw);

        String none = NftRuleset.table("wharf", List.of(), List.of());
        assertFalse(none.contains("127.0.0.0/8 drop"), "no bridges, nothing to guard: " + none);
    }

    @Test
    void fromOutsideOnlyPublishedPortsGetIntoABridge() {
        BridgeNetwork internal = BridgeNetwork.of(network(id('b'), "10.1.0.0/24", "10.1.0.1", Map.of(), true),
                DEFAULTS);
        Endpoint web = webEndpoint(new PortBinding("tcp", 80, "", 8080),
                new PortBinding("tcp", 80, "127.0.0.1", 8081));
        Endpoint sealed = Endpoint.of(endpoint(internal.id(), id('2'), "/proc/2/ns/net", "10.1.0.2", "10.1.0.1",
                new PortBinding("tcp", 80, "", 9090)));
        String table = NftRuleset.table("wharf", List.of(internal, WEB), List.of(web, sealed));
        String forward = table.substring(table.indexOf("chain forward"));
        String accept = "oifname \"br-web\" ip daddr 172.18.0.2 tcp dport 80 ct status dnat accept\n";
        assertEquals(forward.indexOf(accept), forward.lastIndexOf(accept), "one rule for two bindings: " + forward);
        assertTrue(forward.indexOf(accept) > 0 && forward.indexOf(accept) < forward.indexOf(
                "oifname \"br-web\" iifname != \"br-web\" drop\n"), forward);
        assertFalse(forward.contains("10.1.0.2"), "nothing is let into an internal network: " + forward);
        assertTrue(forward.contains("oifname \"br-bbbbbbbbbbbb\" iifname != \"br-bbbbbbbbbbbb\" drop\n"), forward);
    }

    /** A container at 172.18.0.2 on WEB. */
    private static Endpoint webEndpoint(PortBinding... ports) {
        return Endpoint.of(endpoint(WEB.id(), id('1'), "/proc/1/ns/net", "172.18.0.2", "172.18.0.1", ports));
    }

    @Test
    void dualStackNetworkGetsIpv6NatAndPortRules() {
        BridgeNetwork network = BridgeNetwork.of(TestData.dualStackNetwork(id('b'), "fd5a:17::/64", "fd5a:17::1"),
                DEFAULTS);
        Endpoint endpoint = Endpoint.of(TestData.dualStackEndpoint(network.id(), "e1e1e1e1", "/proc/42/ns/net",
                "172.18.0.2", "fd5a:17::2", true, new PortBinding("tcp", 80, "", 8080),
                new PortBinding("tcp", 81, "0.0.0.0", 8081), new PortBinding("tcp", 82, "::", 8082),
                new PortBinding("tcp", 83, "::1", 8083), new PortBinding("tcp", 84, "fd00::2", 8084)));
        String table = NftRuleset.table("wharf", List.of(WEB, network), List.of(endpoint));
        assertTrue(table.contains("""
                \tchain ports {
                \t\ttcp dport 8080 dnat ip to 172.18.0.2:80
                \t\tip6 daddr != ::1 tcp dport 8080 dnat ip6 to [fd5a:17::2]:80
                \t\ttcp dport 8081 dnat ip to 172.18.0.2:81
                \t\tip6 daddr != ::1 tcp dport 8082 dnat ip6 to [fd5a:17::2]:82
                \t\tip6 daddr fd00::2 tcp dport 8084 dnat ip6 to [fd5a:17::2]:84
                \t}
                """), table);
        assertTrue(table.contains("iifname { \"br-web\", \"br-bbbbbbbbbbbb\" } ip6 daddr ::1 drop\n"), table);
        assertTrue(table.contains("\t\tip6 saddr fd5a:17::/64 ip6 daddr fd5a:17::/64 ct status dnat masquerade\n"
                + "\t\tip6 saddr fd5a:17::/64 oifname != \"br-bbbbbbbbbbbb\" masquerade\n"), table);
        assertTrue(table.contains("oifname \"br-bbbbbbbbbbbb\" ip6 daddr fd5a:17::2 tcp dport 80 ct status dnat "
                + "accept\n"), table);
        // isolation matches interfaces, so it holds for IPv6 as it stands
        assertTrue(table.contains("iifname \"br-bbbbbbbbbbbb\" oifname { \"br-web\" } drop\n"), table);
        assertTrue(table.contains("oifname \"br-bbbbbbbbbbbb\" iifname != \"br-bbbbbbbbbbbb\" drop\n"), table);
        assertFalse(table.contains("8083"), "[::1] is the proxy's, not nft's");
    }

    @Test
    void ipv6OnlyNetworkGetsOnlyIpv6NatAndPortRules() {
        BridgeNetwork network = BridgeNetwork.of(TestData.ipv6OnlyNetwork(id('b'), "fd00:1::/64", "fd00:1::1"),
                DEFAULTS);
        Endpoint endpoint = Endpoint.of(TestData.ipv6OnlyEndpoint(network.id(), "e1e1e1e1", "/proc/42/ns/net",
                "fd00:1::2", true, new PortBinding("tcp", 80, "", 8080)));
        String table = NftRuleset.table("wharf_test", List.of(network), List.of(endpoint));
        assertTrue(table.contains("""
                \tchain ports {
                \t\tip6 daddr != ::1 tcp dport 8080 dnat ip6 to [fd00:1::2]:80
                \t}
                """), table);
        assertTrue(table.contains("""
                \tchain postrouting {
                \t\ttype nat hook postrouting priority srcnat; policy accept;
                \t\tip6 saddr fd00:1::/64 ip6 daddr fd00:1::/64 ct status dnat masquerade
                \t\tip6 saddr fd00:1::/64 oifname != "br-bbbbbbbbbbbb" masquerade
                \t}
                """), table);
        assertTrue(table.contains("oifname \"br-bbbbbbbbbbbb\" ip6 daddr fd00:1::2 tcp dport 80 ct status dnat "
                + "accept\n"), table);
        assertFalse(table.contains("dnat ip to") || table.contains("ip saddr"), "no IPv4 NAT: " + table);
    }
}
