package io.wharf.network.bridge;

import io.wharf.api.network.EndpointSpec.PortBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Generates the driver's whole nftables table from its state. The table is always replaced as a whole in one
 * {@code nft -f} transaction, so there is no rule bookkeeping and no window with half a ruleset.
 *
 * <p>Layout: published ports are DNAT rules in {@code ports}, entered for packets to a local address both from
 * outside ({@code prerouting}) and from the host itself ({@code output}, 127.0.0.1 included thanks to
 * route_localnet on the bridges). {@code postrouting} masquerades what leaves a subnet, what the host sends from
 * loopback into a bridge (the container could not answer 127.0.0.1) and hairpin connections (a container reaching
 * a neighbour through a published port). {@code forward} isolates bridges from each other and applies internal
 * and icc=false.
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

    /** Removes the table whether or not it exists. */
    static String deleteScript(String table) {
        return "table ip " + table + " {}\ndelete table ip " + table + "\n";
    }

    static String table(String table, List<BridgeNetwork> networks, List<Endpoint> endpoints) {
        StringBuilder out = new StringBuilder("table ip ").append(table).append(" {\n");
        chain(out, "prerouting", "type nat hook prerouting priority dstnat; policy accept;",
                List.of("fib daddr type local jump ports"));
        chain(out, "output", "type nat hook output priority -100; policy accept;",
                List.of("fib daddr type local jump ports"));
        chain(out, "ports", null, endpoints.stream().flatMap(e -> e.ports().stream().map(p -> dnat(e, p))).toList());
        chain(out, "postrouting", "type nat hook postrouting priority srcnat; policy accept;",
                networks.stream().flatMap(n -> postrouting(n).stream()).toList());
        chain(out, "forward", "type filter hook forward priority filter; policy accept;", forward(networks));
        return out.append("}\n").toString();
    }

    private static String dnat(Endpoint endpoint, PortBinding port) {
        String destination = port.hostIp().isEmpty() ? "" : "ip daddr " + port.hostIp() + " ";
        return destination + port.protocol() + " dport " + port.hostPort() + " dnat to " + endpoint.ipv4Address()
                + ":" + port.containerPort();
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

    private static List<String> forward(List<BridgeNetwork> networks) {
        List<String> rules = new ArrayList<>();
        rules.add("ct state established,related accept");
        for (BridgeNetwork network : networks) {
            String bridge = quote(network.bridgeName());
            if (network.internal()) {
                rules.add("iifname " + bridge + " oifname != " + bridge + " drop");
                rules.add("oifname " + bridge + " iifname != " + bridge + " drop");
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
