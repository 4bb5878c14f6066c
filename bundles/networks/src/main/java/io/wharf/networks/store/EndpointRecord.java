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
 * @param defaultRoute whether the driver was asked to route the container's default traffic through it
 * @param links        {@code container:alias} entries this container resolves through the embedded DNS
 * @param linkLocalIps --link-local-ip addresses of the interface (absent from endpoints stored before)
 * @param ipv6Address  without prefix, on dual-stack networks; else null
 * @param ipv6Gateway  the network's IPv6 gateway (shown in inspect), null without an IPv6 address
 */
public record EndpointRecord(String id, String networkId, String containerId, String containerName,
                             String sandboxPath, Long sandboxInode, String interfaceName, String ipv4Address,
                             int prefixLength, String gateway, boolean defaultRoute, String macAddress,
                             List<String> aliases, List<String> links, List<EndpointSpec.PortBinding> ports,
                             String created, List<String> linkLocalIps, String ipv6Address,
                             int ipv6PrefixLength, String ipv6Gateway) {
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
                null);
    }

    /** This endpoint, now carrying the container's default route. */
    public EndpointRecord withDefaultRoute() {
        return new EndpointRecord(id, networkId, containerId, containerName, sandboxPath, sandboxInode, interfaceName,
                ipv4Address, prefixLength, gateway, true, macAddress, aliases, links, ports, created, linkLocalIps,
                ipv6Address, ipv6PrefixLength, ipv6Gateway);
    }

    /** This endpoint with what the driver chose (interface name, MAC, bound ports). */
    public EndpointRecord withDriverChoices(String newInterface, String newMac, List<EndpointSpec.PortBinding> bound) {
        return new EndpointRecord(id, networkId, containerId, containerName, sandboxPath, sandboxInode, newInterface,
                ipv4Address, prefixLength, gateway, defaultRoute, newMac, aliases, links, bound, created, linkLocalIps,
                ipv6Address, ipv6PrefixLength, ipv6Gateway);
    }

    /** What the driver is told about this endpoint (at join and at restore). */
    public EndpointSpec spec() {
        return new EndpointSpec(networkId, id, containerId, sandboxPath, interfaceName, ipv4Address, prefixLength,
                defaultRoute ? gateway : null, macAddress, aliases, ports, linkLocalIps, ipv6Address, ipv6PrefixLength,
                defaultRoute ? ipv6Gateway : null);
    }
}
