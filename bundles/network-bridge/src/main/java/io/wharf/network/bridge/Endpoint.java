package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.support.Ipv6;
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
 * @param ipv4Address the IPv4 address (canonical), null on an IPv6-only network
 * @param ports    published ports; {@code hostIp} is empty (any local address) or an IPv4 literal
 * @param linkLocal --link-local-ip addresses with their prefix ({@code 169.254.1.1/16}, {@code fe80::5/64})
 * @param ipv6Address the address on a dual-stack network (canonical), else null
 * @param ipv6Gateway where the container's default IPv6 route goes, or null
 */
record Endpoint(String networkId, String endpointId, String vethName, String sandboxPath, String interfaceName,
                String ipv4Address, int prefixLength, String gateway, String macAddress, List<PortBinding> ports,
                List<String> linkLocal, String ipv6Address, int ipv6PrefixLength, String ipv6Gateway) {
    /** RFC 3927's 169.254.0.0/16: such an address gets that prefix, any other one stands alone (/32). */
    private static final int LINK_LOCAL_NET = Ipv4.parse("169.254.0.0");
    /** RFC 4291's fe80::/10, whose addresses sit in fe80::/64 as the kernel's own; any other one stands alone. */
    private static final Pattern LINK_LOCAL6 = Pattern.compile("fe[89ab][0-9a-f]:.*");

    static final String LOOPBACK6 = "::1";
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
        boolean ipv4 = spec.ipv4Address() != null && !spec.ipv4Address().isEmpty() || !spec.hasIpv6();
        String address = ipv4 ? Ipv4.canonical(spec.ipv4Address()) : null;
        if (ipv4 && (spec.prefixLength() < 1 || spec.prefixLength() > 32)) {
            throw EngineException.invalid("invalid prefix length %d", spec.prefixLength());
        }
        String gateway = spec.gateway() == null || spec.gateway().isEmpty() ? null : Ipv4.canonical(spec.gateway());
        boolean noMac = spec.macAddress() == null || spec.macAddress().isEmpty();
        if (noMac && !ipv4) {
            throw EngineException.invalid("endpoint %s: an endpoint without IPv4 address needs a MAC address",
                    spec.endpointId());
        }
        String mac = noMac ? MacAddresses.fromIpv4(Ipv4.parse(address)) : MacAddresses.validate(spec.macAddress());
        String address6 = null;
        String gateway6 = null;
        if (spec.hasIpv6()) {
            address6 = canonicalIpv6(spec.ipv6Address());
            if (spec.ipv6PrefixLength() < 1 || spec.ipv6PrefixLength() > 128) {
                throw EngineException.invalid("invalid IPv6 prefix length %d", spec.ipv6PrefixLength());
            }
            gateway6 = spec.ipv6Gateway() == null || spec.ipv6Gateway().isEmpty() ? null
                    : canonicalIpv6(spec.ipv6Gateway());
        }
        return new Endpoint(spec.networkId(), spec.endpointId(), veth, spec.sandboxPath(), interfaceName, address,
                ipv4 ? spec.prefixLength() : 0, ipv4 ? gateway : null, mac, ports(spec.ports(), ipv4, address6 != null),
                linkLocal(spec.linkLocalIps()), address6, address6 == null ? 0 : spec.ipv6PrefixLength(), gateway6);
    }

    boolean hasIpv6() {
        return ipv6Address != null;
    }

    boolean hasIpv4() {
        return ipv4Address != null;
    }

    /** Whether the interface holds IPv6 addresses: a dual-stack endpoint's, or IPv6 --link-local-ip ones. */
    boolean usesIpv6() {
        return hasIpv6() || linkLocal.stream().anyMatch(address -> address.contains(":"));
    }

    private static String canonicalIpv6(String text) {
        try {
            return Ipv6.canonical(text);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid IPv6 address %s", text);
        }
    }

    private static List<String> linkLocal(List<String> requested) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String ip : requested == null ? List.<String>of() : requested) {
            if (ip != null && ip.contains(":")) {
                String address6 = canonicalIpv6(ip);
                addresses.add(address6 + (LINK_LOCAL6.matcher(address6).matches() ? "/64" : "/128"));
                continue;
            }
            int address = Ipv4.parse(ip);
            boolean linkLocal = (address & 0xffff0000) == LINK_LOCAL_NET;
            addresses.add(Ipv4.format(address) + (linkLocal ? "/16" : "/32"));
        }
        return List.copyOf(addresses);
    }

    /**
     * Normalises the bindings: an empty host address means both families, {@code 0.0.0.0} every IPv4 address and
     * {@code ::} every IPv6 one; IPv6 host addresses are kept only for endpoints with an IPv6 address (dual-stack
     * networks), as there is nothing to forward them to otherwise, except {@code ::1}, which the loopback proxy
     * serves for any endpoint, as docker-proxy does; IPv4 host addresses only for endpoints with an IPv4 address
     * (not on IPv6-only networks); duplicates collapse.
     */
    private static List<PortBinding> ports(List<PortBinding> requested, boolean ipv4, boolean ipv6) {
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
            if (hostIp.contains(":")) {
                hostIp = canonicalIpv6(hostIp);
                if (!ipv6 && !hostIp.equals(LOOPBACK6)) {
                    continue;
                }
                if (hostIp.equals(LOOPBACK6) && protocol.equals("sctp")) {
                    throw EngineException.invalid("publishing sctp on [::1] is not supported by Wharf (TCP and UDP "
                            + "only)");
                }
            } else if (!hostIp.isEmpty()) {
                hostIp = Ipv4.canonical(hostIp);
                if (!ipv4) {
                    continue;
                }
            } else if (!ipv4) {
                hostIp = "::"; // every address there is something to forward to
            }
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
