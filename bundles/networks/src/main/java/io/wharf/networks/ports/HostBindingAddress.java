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

    /** The requests with the network's default host address where they have none. */
    public static List<PortRequest> apply(List<PortRequest> requests, Map<String, String> networkOptions) {
        String address = networkOptions == null ? null : networkOptions.get(OPTION);
        if (address == null || PortAllocator.isWildcard(address)) {
            return requests;
        }
        return requests.stream().map(r -> PortAllocator.isWildcard(r.hostIp())
                ? new PortRequest(r.protocol(), r.containerPort(), address, r.hostPortStart(), r.hostPortEnd())
                : r).toList();
    }
}
