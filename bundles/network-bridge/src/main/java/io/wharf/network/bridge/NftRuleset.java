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
 * <p>The table is {@code inet}: the filter rules match interfaces and conntrack, so they cover IPv6 as they
 * stand; dual-stack networks add {@code ip6} NAT and address rules beside the {@code ip} ones, IPv6-only networks
 * have only those. A port published on
 * {@code [::1]} gets no rule: the kernel never routes a packet from ::1 out of loopback, so it is served by
 * {@link LoopbackProxies}, as dockerd's docker-proxy serves it.
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
        chain(out, "ports", null, endpoints.stream().flatMap(e -> e.ports().stream().flatMap(p -> dnat(e, p).stream()))
                .toList());
        chain(out, "postrouting", "type nat hook postrouting priority srcnat; policy accept;",
                networks.stream().flatMap(n -> postrouting(n).stream()).toList());
        chain(out, "forward", "type filter hook forward priority filter; policy accept;",
                forward(networks, endpoints));
        return out.append("}\n").toString();
    }

    /**
     * The DNAT rules of one binding: an empty host address takes both families, {@code 0.0.0.0} and {@code ::}
     * one family each, a literal address its own family.
     */
    private static List<String> dnat(Endpoint endpoint, PortBinding port) {
        String hostIp = port.hostIp();
        List<String> rules = new ArrayList<>();
        String match = port.protocol() + " dport " + port.hostPort();
        if ((hostIp.isEmpty() || !hostIp.contains(":")) && endpoint.hasIpv4()) {
            String destination = hostIp.isEmpty() || hostIp.equals("0.0.0.0") ? "" : "ip daddr " + hostIp + " ";
            rules.add(destination + match + " dnat ip to " + endpoint.ipv4Address() + ":" + port.containerPort());
        }
        boolean ipv6 = hostIp.isEmpty() || hostIp.contains(":") && !hostIp.equals(Endpoint.LOOPBACK6);
        if (ipv6 && endpoint.hasIpv6()) {
            // ::1 is left to the loopback proxy: DNAT from it would only make packets the kernel drops
            String destination = hostIp.isEmpty() || hostIp.equals("::") ? "ip6 daddr != ::1 "
                    : "ip6 daddr " + hostIp + " ";
            rules.add(destination + match + " dnat ip6 to [" + endpoint.ipv6Address() + "]:" + port.containerPort());
        }
        return rules;
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
        if (networks.stream().anyMatch(BridgeNetwork::hasIpv6)) {
            // the kernel drops these too (RFC 4291): said here so the rule set states the whole policy
            rules.add("iifname { " + bridges + " } ip6 daddr ::1 drop");
        }
        endpoints.stream().flatMap(e -> e.ports().stream()).filter(p -> p.hostIp().startsWith("127."))
                .map(p -> "iifname != \"lo\" ip daddr " + p.hostIp() + " " + p.protocol() + " dport " + p.hostPort()
                        + " drop")
                .distinct().forEach(rules::add);
        return rules;
    }

    private static List<String> postrouting(BridgeNetwork network) {
        String bridge = quote(network.bridgeName());
        List<String> rules = new ArrayList<>();
        if (network.hasIpv4()) {
            String subnet = network.subnet().toString();
            rules.add("oifname " + bridge + " ip saddr 127.0.0.0/8 masquerade"); // loopback
            rules.add("ip saddr " + subnet + " ip daddr " + subnet + " ct status dnat masquerade"); // hairpin
            if (network.masquerade()) {
                rules.add("ip saddr " + subnet + " oifname != " + bridge + " masquerade");
            }
        }
        if (network.hasIpv6()) {
            String subnet6 = network.subnet6().toString();
            rules.add("ip6 saddr " + subnet6 + " ip6 daddr " + subnet6 + " ct status dnat masquerade");
            if (network.masquerade()) {
                rules.add("ip6 saddr " + subnet6 + " oifname != " + bridge + " masquerade");
            }
        }
        return rules;
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
                String bridge = quote(network.bridgeName());
                List<String> destinations = new ArrayList<>();
                if (endpoint.hasIpv4()) {
                    destinations.add("ip daddr " + endpoint.ipv4Address());
                }
                if (endpoint.hasIpv6()) {
                    destinations.add("ip6 daddr " + endpoint.ipv6Address());
                }
                for (String destination : destinations) {
                    endpoint.ports().stream().map(p -> "oifname " + bridge + " " + destination + " " + p.protocol()
                            + " dport " + p.containerPort() + " ct status dnat accept").distinct().forEach(rules::add);
                }
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
