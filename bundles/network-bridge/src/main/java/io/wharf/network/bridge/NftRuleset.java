package io.wharf.network.bridge;

import io.wharf.api.network.EndpointSpec.PortBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates the driver's whole nftables table from its state. The table is always replaced as a whole in one
 * {@code nft -f} transaction, so there is no rule bookkeeping and no window with half a ruleset.
 *
 * <p>Layout: published ports are DNAT rules in {@code ports}, entered for packets to a local address both from
 * outside ({@code prerouting}) and from the host itself ({@code output}, 127.0.0.1 included thanks to
 * route_localnet on the bridges). {@code postrouting} masquerades what leaves a subnet, what the host sends from
 * loopback into a bridge (the container could not answer 127.0.0.1) and hairpin connections (a container reaching
 * a neighbour through a published port). {@code forward} isolates bridges from each other, applies internal and
 * icc=false, and lets nothing from outside into a bridge but replies and published ports (Docker 28's rule).
 * {@code raw-prerouting} closes what route_localnet opens: packets for 127.0.0.0/8 from a container, or from
 * another host for a port published on a loopback address (CVE-2020-8558).
 *
 * <p>The table is {@code inet}: the filter rules match interfaces and conntrack, so they will cover IPv6 as they
 * stand once bridges get IPv6 addresses; the NAT and address rules say {@code ip}.
 */
final class NftRuleset {
    private NftRuleset() {
    }

    /**
     * The script that replaces the table atomically: creating it first makes the delete valid when it does not
     * exist yet, and nft applies the whole file as one transaction.
     */
    static String replaceScript(String table, List<BridgeNetwork> networks, List<Endpoint> endpoints) {
        return deleteScript(table) + table(table, networks, endpoints);
    }

    /** Removes the table whether or not it exists, and the IPv4-only one an older daemon made. */
    static String deleteScript(String table) {
        return "table ip " + table + " {}\ndelete table ip " + table + "\n"
                + "table inet " + table + " {}\ndelete table inet " + table + "\n";
    }

    static String table(String table, List<BridgeNetwork> networks, List<Endpoint> endpoints) {
        StringBuilder out = new StringBuilder("table inet ").append(table).append(" {\n");
        chain(out, "raw-prerouting", "type filter hook prerouting priority raw; policy accept;",
                loopbackGuards(networks, endpoints));
        chain(out, "prerouting", "type nat hook prerouting priority dstnat; policy accept;",
                List.of("fib daddr type local jump ports"));
        chain(out, "output", "type nat hook output priority -100; policy accept;",
                List.of("fib daddr type local jump ports"));
        chain(out, "ports", null, endpoints.stream().flatMap(e -> e.ports().stream().map(p -> dnat(e, p))).toList());
        chain(out, "postrouting", "type nat hook postrouting priority srcnat; policy accept;",
                networks.stream().flatMap(n -> postrouting(n).stream()).toList());
        chain(out, "forward", "type filter hook forward priority filter; policy accept;",
                forward(networks, endpoints));
        return out.append("}\n").toString();
    }

    private static String dnat(Endpoint endpoint, PortBinding port) {
        String destination = port.hostIp().isEmpty() ? "" : "ip daddr " + port.hostIp() + " ";
        return destination + port.protocol() + " dport " + port.hostPort() + " dnat ip to " + endpoint.ipv4Address()
                + ":" + port.containerPort();
    }

    /**
     * Runs before conntrack, so the address is the one on the wire: a reply to a connection the host made from
     * 127.0.0.1 into a bridge is still addressed to the gateway here, and is not hit. Without these rules the
     * bridges' route_localnet would deliver a container's packet for 127.0.0.1 to the host's loopback services,
     * and the DNAT of a port published on 127.0.0.1 would take a neighbour's packet for 127.0.0.1 as well.
     */
    private static List<String> loopbackGuards(List<BridgeNetwork> networks, List<Endpoint> endpoints) {
        List<String> rules = new ArrayList<>();
        String bridges = networks.stream().map(n -> quote(n.bridgeName())).distinct()
                .collect(Collectors.joining(", "));
        if (!bridges.isEmpty()) {
            rules.add("iifname { " + bridges + " } ip daddr 127.0.0.0/8 drop");
        }
        endpoints.stream().flatMap(e -> e.ports().stream()).filter(p -> p.hostIp().startsWith("127."))
                .map(p -> "iifname != \"lo\" ip daddr " + p.hostIp() + " " + p.protocol() + " dport " + p.hostPort()
                        + " drop")
                .distinct().forEach(rules::add);
        return rules;
    }

    private static List<String> postrouting(BridgeNetwork network) {
        String bridge = quote(network.bridgeName());
        String subnet = network.subnet().toString();
        String loopback = "oifname " + bridge + " ip saddr 127.0.0.0/8 masquerade";
        String hairpin = "ip saddr " + subnet + " ip daddr " + subnet + " ct status dnat masquerade";
        if (!network.masquerade()) {
            return List.of(loopback, hairpin);
        }
        return List.of(loopback, hairpin, "ip saddr " + subnet + " oifname != " + bridge + " masquerade");
    }

    private static List<String> forward(List<BridgeNetwork> networks, List<Endpoint> endpoints) {
        List<String> rules = new ArrayList<>();
        rules.add("ct state established,related accept");
        for (BridgeNetwork network : networks) {
            String bridge = quote(network.bridgeName());
            if (network.internal()) {
                rules.add("iifname " + bridge + " oifname != " + bridge + " drop"); // inbound: see the end
            }
            String others = networks.stream().filter(n -> !n.bridgeName().equals(network.bridgeName()))
                    .map(n -> quote(n.bridgeName())).distinct().collect(Collectors.joining(", "));
            if (!others.isEmpty()) {
                rules.add("iifname " + bridge + " oifname { " + others + " } drop");
            }
            if (!network.icc()) {
                rules.add("iifname " + bridge + " oifname " + bridge + " drop");
            }
        }
        rules.addAll(publishedPorts(networks, endpoints));
        // the rest from outside (unpublished ports, direct access to a container's address) goes
        networks.stream().map(n -> quote(n.bridgeName()))
                .forEach(bridge -> rules.add("oifname " + bridge + " iifname != " + bridge + " drop"));
        return rules;
    }

    /** From outside into a bridge: what the ports chain translated, to the published container port only. */
    private static List<String> publishedPorts(List<BridgeNetwork> networks, List<Endpoint> endpoints) {
        Map<String, BridgeNetwork> byId = networks.stream().collect(Collectors.toMap(BridgeNetwork::id,
                Function.identity()));
        List<String> rules = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            BridgeNetwork network = byId.get(endpoint.networkId());
            if (network != null && !network.internal()) {
                endpoint.ports().stream().map(p -> "oifname " + quote(network.bridgeName()) + " ip daddr "
                        + endpoint.ipv4Address() + " " + p.protocol() + " dport " + p.containerPort()
                        + " ct status dnat accept").distinct().forEach(rules::add);
            }
        }
        return rules;
    }

    private static void chain(StringBuilder out, String name, String hook, List<String> rules) {
        out.append("\tchain ").append(name).append(" {\n");
        if (hook != null) {
            out.append("\t\t").append(hook).append('\n');
        }
        for (String rule : rules) {
            out.append("\t\t").append(rule).append('\n');
        }
        out.append("\t}\n");
    }

    /** Interface names are validated to [A-Za-z0-9_.-], so quoting cannot be broken out of. */
    private static String quote(String interfaceName) {
        return '"' + interfaceName + '"';
    }
}
