package io.wharf.api.network;

import java.util.List;

/**
 * Joins a container whose namespace exists ({@code sandboxPath}) to a network.
 *
 * @param network       network name, ID or unique ID prefix
 * @param containerName without the leading slash; the embedded DNS answers it
 * @param ipv4Address   a static address (--ip), or null for the next free one
 * @param aliases       network aliases (--network-alias), answered by the embedded DNS
 * @param links         --link entries as {@code container:alias}, answered only to this container
 * @param ports         published ports; host port 0 (and an empty range) means a free one
 * @param linkLocalIps  --link-local-ip: extra addresses of the container's interface (since 1.2)
 * @param ipv6Address   a static IPv6 address (--ip6) on a dual-stack network, or null for the next free one
 *                      (since 1.2)
 */
public record ConnectRequest(String network, String containerId, String containerName, String sandboxPath,
                             String ipv4Address, String macAddress, List<String> aliases, List<String> links,
                             List<PortRequest> ports, List<String> linkLocalIps,
                             String ipv6Address) {
    public ConnectRequest {
        linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
    }

    /** A request without a static IPv6 address. */
    public ConnectRequest(String network, String containerId, String containerName, String sandboxPath,
                          String ipv4Address, String macAddress, List<String> aliases, List<String> links,
                          List<PortRequest> ports, List<String> linkLocalIps) {
        this(network, containerId, containerName, sandboxPath, ipv4Address, macAddress, aliases, links, ports,
                linkLocalIps, null);
    }

    /** A request without link-local addresses (the shape before 1.2). */
    public ConnectRequest(String network, String containerId, String containerName, String sandboxPath,
                          String ipv4Address, String macAddress, List<String> aliases, List<String> links,
                          List<PortRequest> ports) {
        this(network, containerId, containerName, sandboxPath, ipv4Address, macAddress, aliases, links, ports,
                List.of(), null);
    }

    /** -p: a host port or range (start..end, both inclusive; 0..0 for any free port) for a container port. */
    public record PortRequest(String protocol, int containerPort, String hostIp, int hostPortStart,
                              int hostPortEnd) {
    }
}
