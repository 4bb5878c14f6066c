package io.wharf.api.network;

import java.util.List;

/**
 * A container's live endpoint on a network, in the shape of Docker's {@code EndpointSettings}.
 *
 * @param ipv4Address empty for networks without addresses (host, none)
 * @param dnsNames    the names the embedded DNS answers for this endpoint (name, short ID, aliases)
 * @param ports       the published ports with the host ports actually bound
 * @param ipv6Address empty unless the network is dual-stack (since 1.2)
 * @param ipv6Gateway empty unless the network is dual-stack (since 1.2)
 */
public record EndpointSettings(String networkId, String networkName, String endpointId, String containerId,
                               String containerName, String ipv4Address, int prefixLength, String gateway,
                               String macAddress, List<String> aliases, List<String> dnsNames,
                               List<EndpointSpec.PortBinding> ports, String ipv6Address,
                               int ipv6PrefixLength, String ipv6Gateway) {
    /** An IPv4-only endpoint (the shape before 1.2). */
    public EndpointSettings(String networkId, String networkName, String endpointId, String containerId,
                            String containerName, String ipv4Address, int prefixLength, String gateway,
                            String macAddress, List<String> aliases, List<String> dnsNames,
                            List<EndpointSpec.PortBinding> ports) {
        this(networkId, networkName, endpointId, containerId, containerName, ipv4Address, prefixLength, gateway,
                macAddress, aliases, dnsNames, ports, "", 0, "");
    }
}
