package io.wharf.api.network;

import java.util.List;

/**
 * A container's endpoint on a network, as the network service hands it to the driver: the container's network
 * namespace ({@code sandboxPath}, e.g. {@code /proc/PID/ns/net}), the interface to create in it, the address the
 * IPAM driver gave it and the host ports already chosen for it.
 *
 * @param interfaceName the interface name inside the namespace ({@code eth0}, {@code eth1}, ...)
 * @param ipv4Address   the address without prefix; null for drivers that give none (host, null)
 * @param prefixLength  the subnet's prefix length
 * @param gateway       the network's gateway, or null when the endpoint gets no default route
 * @param ports         published ports with concrete host ports (never 0)
 * @param linkLocalIps  --link-local-ip: extra addresses the driver gives the interface (since 1.2)
 * @param ipv6Address   the IPv6 address without prefix on a dual-stack network, else null (since 1.2)
 * @param ipv6PrefixLength the IPv6 subnet's prefix length, 0 without an IPv6 address (since 1.2)
 * @param ipv6Gateway   the network's IPv6 gateway when the endpoint gets the default IPv6 route, else null
 *                      (since 1.2)
 */
public record EndpointSpec(String networkId, String endpointId, String containerId, String sandboxPath,
                           String interfaceName, String ipv4Address, int prefixLength, String gateway,
                           String macAddress, List<String> aliases, List<PortBinding> ports,
                           List<String> linkLocalIps, String ipv6Address, int ipv6PrefixLength,
                           String ipv6Gateway) {
    public EndpointSpec {
        linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
    }

    /** An IPv4-only endpoint. */
    public EndpointSpec(String networkId, String endpointId, String containerId, String sandboxPath,
                        String interfaceName, String ipv4Address, int prefixLength, String gateway,
                        String macAddress, List<String> aliases, List<PortBinding> ports,
                        List<String> linkLocalIps) {
        this(networkId, endpointId, containerId, sandboxPath, interfaceName, ipv4Address, prefixLength, gateway,
                macAddress, aliases, ports, linkLocalIps, null, 0, null);
    }

    /** An endpoint without link-local addresses (the shape before 1.2). */
    public EndpointSpec(String networkId, String endpointId, String containerId, String sandboxPath,
                        String interfaceName, String ipv4Address, int prefixLength, String gateway,
                        String macAddress, List<String> aliases, List<PortBinding> ports) {
        this(networkId, endpointId, containerId, sandboxPath, interfaceName, ipv4Address, prefixLength, gateway,
                macAddress, aliases, ports, List.of(), null, 0, null);
    }

    /** Whether the endpoint has an IPv6 address (its network is dual-stack). */
    public boolean hasIpv6() {
        return ipv6Address != null && !ipv6Address.isEmpty();
    }

    /**
     * A published port: {@code hostIp} empty means every host address of both families, 0.0.0.0 every IPv4 one,
     * {@code ::} every IPv6 one.
     */
    public record PortBinding(String protocol, int containerPort, String hostIp, int hostPort) {
    }
}
