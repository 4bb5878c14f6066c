package io.wharf.networks.store;

import io.wharf.api.network.EndpointSpec;
import java.util.List;

/**
 * A container's endpoint as stored in {@code <data-root>/network/endpoints/<id>.json}. The sandbox path and
 * the inode of the namespace it pointed at when the endpoint was made tell, after a restart, whether the
 * container still runs: a dead process's {@code /proc/PID/ns/net} is gone, and a reused PID has another
 * namespace inode.
 *
 * @param ipv4Address  without prefix; null for drivers that give no addresses
 * @param gateway      the network's gateway (shown in inspect), null without addresses
 * @param defaultRoute whether the driver was asked to route the container's default IPv4 traffic through it; in
 *                     records stored before {@code ipv6DefaultRoute} existed, the default traffic of every family
 *                     the endpoint has (what the single flag meant then)
 * @param links        {@code container:alias} entries this container resolves through the embedded DNS
 * @param linkLocalIps --link-local-ip addresses of the interface (absent from endpoints stored before)
 * @param ipv6Address  without prefix, on dual-stack networks; else null
 * @param ipv6Gateway  the network's IPv6 gateway (shown in inspect), null without an IPv6 address
 * @param ipv6DefaultRoute whether the container's default IPv6 traffic goes through it; null in records stored
 *                     before, where {@code defaultRoute} says it. Each family has its own carrier, as moby 28
 *                     picks a gateway endpoint per family: a container on an IPv6-only network that joins an IPv4
 *                     one gets its IPv4 default route there.
 */
public record EndpointRecord(String id, String networkId, String containerId, String containerName,
                             String sandboxPath, Long sandboxInode, String interfaceName, String ipv4Address,
                             int prefixLength, String gateway, boolean defaultRoute, String macAddress,
                             List<String> aliases, List<String> links, List<EndpointSpec.PortBinding> ports,
                             String created, List<String> linkLocalIps, String ipv6Address,
                             int ipv6PrefixLength, String ipv6Gateway, Boolean ipv6DefaultRoute) {
    public EndpointRecord {
        linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        links = links == null ? List.of() : List.copyOf(links);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** An IPv4-only endpoint. */
    public EndpointRecord(String id, String networkId, String containerId, String containerName,
                          String sandboxPath, Long sandboxInode, String interfaceName, String ipv4Address,
                          int prefixLength, String gateway, boolean defaultRoute, String macAddress,
                          List<String> aliases, List<String> links, List<EndpointSpec.PortBinding> ports,
                          String created, List<String> linkLocalIps) {
        this(id, networkId, containerId, containerName, sandboxPath, sandboxInode, interfaceName, ipv4Address,
                prefixLength, gateway, defaultRoute, macAddress, aliases, links, ports, created, linkLocalIps, null, 0,
                null, false);
    }

    /** Whether the container's default IPv4 route goes through this endpoint. */
    public boolean routesIpv4() {
        return defaultRoute && ipv4Address != null && gateway != null;
    }

    /** Whether the container's default IPv6 route goes through this endpoint. */
    public boolean routesIpv6() {
        boolean flag = ipv6DefaultRoute == null ? defaultRoute : ipv6DefaultRoute;
        return flag && ipv6Address != null && ipv6Gateway != null;
    }

    /** Whether it carries the default route of the family, IPv4 or IPv6. */
    public boolean routes(boolean ipv6) {
        return ipv6 ? routesIpv6() : routesIpv4();
    }

    /** Whether it has an address and a gateway of the family, so that it can carry that default route. */
    public boolean canRoute(boolean ipv6) {
        return ipv6 ? ipv6Address != null && ipv6Gateway != null : ipv4Address != null && gateway != null;
    }

    /** This endpoint, now carrying the container's default routes of these families too. */
    public EndpointRecord withDefaultRoutes(boolean ipv4, boolean ipv6) {
        return new EndpointRecord(id, networkId, containerId, containerName, sandboxPath, sandboxInode, interfaceName,
                ipv4Address, prefixLength, gateway, ipv4 || routesIpv4(), macAddress, aliases, links, ports, created,
                linkLocalIps, ipv6Address, ipv6PrefixLength, ipv6Gateway, ipv6 || routesIpv6());
    }

    /** This endpoint with what the driver chose (interface name, MAC, bound ports). */
    public EndpointRecord withDriverChoices(String newInterface, String newMac, List<EndpointSpec.PortBinding> bound) {
        return new EndpointRecord(id, networkId, containerId, containerName, sandboxPath, sandboxInode, newInterface,
                ipv4Address, prefixLength, gateway, defaultRoute, newMac, aliases, links, bound, created, linkLocalIps,
                ipv6Address, ipv6PrefixLength, ipv6Gateway, ipv6DefaultRoute);
    }

    /** What the driver is told about this endpoint (at join and at restore). */
    public EndpointSpec spec() {
        return new EndpointSpec(networkId, id, containerId, sandboxPath, interfaceName, ipv4Address, prefixLength,
                routesIpv4() ? gateway : null, macAddress, aliases, ports, linkLocalIps, ipv6Address, ipv6PrefixLength,
                routesIpv6() ? ipv6Gateway : null);
    }
}
