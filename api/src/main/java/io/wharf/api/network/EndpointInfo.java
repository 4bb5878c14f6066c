package io.wharf.api.network;

import java.util.List;

/** What joining a network produced: interface, addresses, gateway and the bound host ports. */
public record EndpointInfo(String interfaceName, String ipv4Address, int prefixLength, String gateway,
                           String macAddress, List<EndpointSpec.PortBinding> boundPorts) {
}
