package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.support.MacAddresses;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A container's endpoint on a bridge network, validated: everything here ends up in ip batches and nft scripts.
 *
 * @param vethName the host side of the veth pair
 * @param ports    published ports; {@code hostIp} is empty (any local address) or an IPv4 literal
 * @param linkLocal --link-local-ip addresses with their prefix ({@code 169.254.1.1/16}), IPv4 only
 */
record Endpoint(String networkId, String endpointId, String vethName, String sandboxPath, String interfaceName,
                String ipv4Address, int prefixLength, String gateway, String macAddress, List<PortBinding> ports,
                List<String> linkLocal) {
    /** RFC 3927's 169.254.0.0/16: such an address gets that prefix, any other one stands alone (/32). */
    private static final int LINK_LOCAL_NET = Ipv4.parse("169.254.0.0");

    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    /** Paths go into ip batch lines, which split on blanks and treat quotes specially. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./:@+-]+");

    static Endpoint of(EndpointSpec spec) {
        if (spec.networkId() == null || spec.networkId().isEmpty()) {
            throw EngineException.invalid("endpoint %s: network ID missing", spec.endpointId());
        }
        String veth = InterfaceNames.veth(spec.endpointId());
        if (spec.sandboxPath() == null || !SAFE_PATH.matcher(spec.sandboxPath()).matches()) {
            throw EngineException.invalid("invalid network namespace path: %s", spec.sandboxPath());
        }
        String interfaceName = InterfaceNames.requireValid(spec.interfaceName(), "container interface");
        String address = Ipv4.canonical(spec.ipv4Address());
        if (spec.prefixLength() < 1 || spec.prefixLength() > 32) {
            throw EngineException.invalid("invalid prefix length %d", spec.prefixLength());
        }
        String gateway = spec.gateway() == null || spec.gateway().isEmpty() ? null : Ipv4.canonical(spec.gateway());
        String mac = spec.macAddress() == null || spec.macAddress().isEmpty()
                ? MacAddresses.fromIpv4(Ipv4.parse(address)) : MacAddresses.validate(spec.macAddress());
        return new Endpoint(spec.networkId(), spec.endpointId(), veth, spec.sandboxPath(), interfaceName, address,
                spec.prefixLength(), gateway, mac, ports(spec.ports()), linkLocal(spec.linkLocalIps()));
    }

    private static List<String> linkLocal(List<String> requested) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String ip : requested == null ? List.<String>of() : requested) {
            if (ip != null && ip.contains(":")) {
                throw EngineException.invalid("IPv6 link-local address %s: IPv6 is not supported by Wharf", ip);
            }
            int address = Ipv4.parse(ip);
            boolean linkLocal = (address & 0xffff0000) == LINK_LOCAL_NET;
            addresses.add(Ipv4.format(address) + (linkLocal ? "/16" : "/32"));
        }
        return List.copyOf(addresses);
    }

    /**
     * Normalises the bindings for the IPv4 NAT table. {@code ::} counts as any address (like a dual-stack socket
     * would); other IPv6 host addresses get no IPv4 rule; duplicates collapse.
     */
    private static List<PortBinding> ports(List<PortBinding> requested) {
        Set<PortBinding> ports = new LinkedHashSet<>();
        for (PortBinding port : requested == null ? List.<PortBinding>of() : requested) {
            String protocol = port.protocol() == null || port.protocol().isEmpty()
                    ? "tcp" : port.protocol().toLowerCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                throw EngineException.invalid("invalid protocol %s for port %d", port.protocol(), port.containerPort());
            }
            requirePort(port.containerPort(), "container");
            requirePort(port.hostPort(), "host");
            String hostIp = port.hostIp() == null ? "" : port.hostIp();
            if (hostIp.contains(":") && !hostIp.equals("::")) {
                continue;
            }
            hostIp = hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::") ? "" : Ipv4.canonical(hostIp);
            ports.add(new PortBinding(protocol, port.containerPort(), hostIp, port.hostPort()));
        }
        return List.copyOf(ports);
    }

    private static void requirePort(int port, String which) {
        if (port < 1 || port > 65535) {
            throw EngineException.invalid("invalid %s port %d", which, port);
        }
    }
}
