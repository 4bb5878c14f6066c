package io.wharf.api.network;

import java.util.List;

/** A container's endpoint on a network: its namespace, addresses, aliases and published ports. */
public record EndpointSpec(String networkId, String endpointId, String containerId, String sandboxPath,
                           String ipv4Address, String macAddress, List<String> aliases, List<PortBinding> ports) {
    public record PortBinding(String protocol, int containerPort, String hostIp, int hostPort) {
    }
}
