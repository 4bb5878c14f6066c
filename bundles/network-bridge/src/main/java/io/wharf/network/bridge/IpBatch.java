package io.wharf.network.bridge;

import io.wharf.support.Ipv6;
import io.wharf.support.MacAddresses;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The text of one {@code ip -batch -} run: several iproute2 commands for the price of one process. Without
 * {@code -force}, ip stops at the first failing line and names it ({@code Command failed -:N}), so everything
 * before it has been applied.
 */
record IpBatch(List<String> lines) {
    private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");

    IpBatch {
        lines = List.copyOf(lines);
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    /**
     * Creates the bridge when missing, brings it up and makes sure it holds the IPv4 gateway address (an IPv6-only
     * network's bridge gets its only address from {@link #bridgeIpv6}).
     */
    static IpBatch bridge(BridgeNetwork network, boolean exists) {
        String bridge = network.bridgeName();
        List<String> lines = new ArrayList<>();
        if (!exists) {
            // A fixed MAC: otherwise the bridge takes the lowest MAC of its ports and changes as containers come
            // and go, which breaks the containers' ARP (or neighbour) entries for the gateway.
            lines.add("link add name " + bridge + " address " + bridgeMac(network) + " mtu " + network.mtu()
                    + " type bridge");
        }
        lines.add("link set dev " + bridge + " up");
        if (network.hasIpv4()) {
            lines.add("address replace " + network.bridgeAddress() + " dev " + bridge);
        }
        return new IpBatch(lines);
    }

    /** 02:42 and the IPv4 gateway, or on an IPv6-only network the four 32-bit words of its gateway XORed. */
    private static String bridgeMac(BridgeNetwork network) {
        if (network.hasIpv4()) {
            return MacAddresses.fromIpv4(Ipv4.parse(network.gateway()));
        }
        ByteBuffer gateway6 = ByteBuffer.wrap(Ipv6.toBytes(Ipv6.parse(network.gateway6())));
        return MacAddresses.fromIpv4(gateway6.getInt() ^ gateway6.getInt() ^ gateway6.getInt() ^ gateway6.getInt());
    }

    /** The bridge's IPv6 gateway address; {@code nodad}: nothing else on a new bridge can hold it. */
    static IpBatch bridgeIpv6(BridgeNetwork network) {
        return new IpBatch(List.of("address replace " + network.bridgeAddress6() + " dev " + network.bridgeName()
                + " nodad"));
    }

    /**
     * The veth pair with its peer created right inside the container's namespace (named and addressed there, so
     * nothing needs moving or renaming), and the host side plugged into the bridge. Hairpin lets a container
     * reach itself through a published port.
     */
    static IpBatch hostSide(Endpoint endpoint, BridgeNetwork network) {
        String veth = endpoint.vethName();
        return new IpBatch(List.of(
                "link add name " + veth + " mtu " + network.mtu() + " type veth peer name " + endpoint.interfaceName()
                        + " address " + endpoint.macAddress() + " mtu " + network.mtu() + " netns "
                        + endpoint.sandboxPath(),
                "link set dev " + veth + " master " + network.bridgeName() + " up",
                "link set dev " + veth + " type bridge_slave hairpin on"));
    }

    /** Run inside the container's namespace; the default route comes last (see {@link #defaultRouteExists}). */
    static IpBatch containerSide(Endpoint endpoint) {
        String device = endpoint.interfaceName();
        List<String> lines = new ArrayList<>();
        if (endpoint.hasIpv4()) {
            lines.add("address add " + endpoint.ipv4Address() + "/" + endpoint.prefixLength() + " dev " + device);
        }
        // nodad for IPv6: usable at once rather than tentative while duplicate detection runs
        endpoint.linkLocal().forEach(extra -> lines.add("address add " + extra + " dev " + device
                + (extra.contains(":") ? " nodad" : "")));
        if (endpoint.hasIpv6()) {
            lines.add("address add " + endpoint.ipv6Address() + "/" + endpoint.ipv6PrefixLength() + " dev " + device
                    + " nodad");
        }
        lines.add("link set dev " + device + " up");
        if (endpoint.ipv6Gateway() != null) { // before the IPv4 route, which must stay last (see below)
            lines.add("route add ::/0 via " + endpoint.ipv6Gateway() + " dev " + device);
        }
        if (endpoint.gateway() != null) {
            lines.add("route add default via " + endpoint.gateway() + " dev " + device);
        }
        return new IpBatch(lines);
    }

    /** Run inside the container's namespace: moves its default route to this endpoint's gateway. */
    static IpBatch defaultRoute(Endpoint endpoint) {
        List<String> lines = new ArrayList<>();
        if (endpoint.gateway() != null) {
            lines.add("route replace default via " + endpoint.gateway() + " dev " + endpoint.interfaceName());
        }
        if (endpoint.ipv6Gateway() != null) {
            lines.add("route replace ::/0 via " + endpoint.ipv6Gateway() + " dev " + endpoint.interfaceName());
        }
        return new IpBatch(lines);
    }

    static IpBatch deleteLinks(List<String> names) {
        return new IpBatch(names.stream().map(name -> "link del dev " + name).toList());
    }

    /** The 0-based index of the line ip reported as failed, or -1. */
    int failedLine(String stderr) {
        Matcher matcher = FAILED_LINE.matcher(stderr);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) - 1 : -1;
    }

    /**
     * Whether a failed {@link #containerSide} run only stopped at its last line, the default route (IPv4, or IPv6
     * on an IPv6-only network), because the namespace has one already (the container's first network keeps the
     * default route, as with Docker).
     */
    boolean defaultRouteExists(String stderr) {
        String last = lines.get(lines.size() - 1);
        return failedLine(stderr) == lines.size() - 1
                && (last.startsWith("route add default") || last.startsWith("route add ::/0"))
                && stderr.contains("File exists");
    }

    /** An error message naming the command that failed, with ip's own message. */
    String errorMessage(String program, String stderr) {
        int failed = failedLine(stderr);
        String command = failed >= 0 && failed < lines.size() ? lines.get(failed) : String.join("; ", lines);
        String message = stderr.lines().filter(line -> !FAILED_LINE.matcher(line).find())
                .collect(Collectors.joining("; ")).trim();
        return program + " " + command + " failed: " + (message.isEmpty() ? "exit status non-zero" : message);
    }
}
