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
        Endpoint endpoint = Endpoint.of(endpoint(WEB.id(), id('1'), "/proc/1/ns/net", "172.18.0.2", "172.18.0.1",
                new PortBinding("tcp", 80, "", 8080), new PortBinding("udp", 53, "127.0.0.1", 5353)));

        assertEquals("""
                table ip wharf {
                \tchain prerouting {
                \t\ttype nat hook prerouting priority dstnat; policy accept;
                \t\tfib daddr type local jump ports
                \t}
                \tchain output {
                \t\ttype nat hook output priority -100; policy accept;
                \t\tfib daddr type local jump ports
                \t}
                \tchain ports {
                \t\ttcp dport 8080 dnat to 172.18.0.2:80
                \t\tip daddr 127.0.0.1 udp dport 5353 dnat to 172.18.0.2:53
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
                \t}
                }
                """, NftRuleset.table("wharf", List.of(WEB), List.of(endpoint)));
    }

    @Test
    void replaceScriptDeletesAndRecreatesInOneTransaction() {
        String script = NftRuleset.replaceScript("wharf_0123abcd", List.of(WEB), List.of());
        assertTrue(script.startsWith("table ip wharf_0123abcd {}\ndelete table ip wharf_0123abcd\n"
                + "table ip wharf_0123abcd {\n"), script);
        assertEquals("table ip wharf {}\ndelete table ip wharf\n", NftRuleset.deleteScript("wharf"));
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
        assertTrue(table.indexOf("ct state established,related accept") < table.indexOf(" drop"));
    }
}
