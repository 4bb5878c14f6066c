package io.wharf.networks.ports;

import io.wharf.api.network.ConnectRequest.PortRequest;
import java.util.List;
import java.util.Map;

/**
 * A bridge network's {@code com.docker.network.bridge.host_binding_ipv4} (daemon.json {@code ip} on the default
 * bridge): the host address a port is published on when its binding names none, as dockerd binds them.
 */
public final class HostBindingAddress {
    public static final String OPTION = "com.docker.network.bridge.host_binding_ipv4";

    private HostBindingAddress() {
    }

    /**
     * The requests with the network's default host address where they have none; on an IPv6-only network that is
     * {@code ::}, every IPv6 address, as the endpoint has no IPv4 address to forward to.
     */
    public static List<PortRequest> apply(List<PortRequest> requests, Map<String, String> networkOptions,
                                          boolean ipv6Only) {
        if (ipv6Only) {
            return requests.stream().map(r -> r.hostIp() == null || r.hostIp().isEmpty()
                    ? new PortRequest(r.protocol(), r.containerPort(), "::", r.hostPortStart(), r.hostPortEnd())
                    : r).toList();
        }
        String address = networkOptions == null ? null : networkOptions.get(OPTION);
        if (address == null || PortAllocator.isWildcard(address)) {
            return requests;
        }
        return requests.stream().map(r -> PortAllocator.isWildcard(r.hostIp())
                ? new PortRequest(r.protocol(), r.containerPort(), address, r.hostPortStart(), r.hostPortEnd())
                : r).toList();
    }
}
