package io.wharf.network.bridge;

import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.api.network.NetworkSpec;
import java.util.List;
import java.util.Map;

/** Specs shaped like the ones the network service hands to the driver. */
final class TestData {
    static final BridgeNetwork.Defaults DEFAULTS = new BridgeNetwork.Defaults(1500, true);

    private TestData() {
    }

    static NetworkSpec network(String id, String subnet, String gateway, Map<String, String> options,
                               boolean internal) {
        return new NetworkSpec(id, "net-" + id.substring(0, 4), "bridge", internal, false,
                List.of(new NetworkSpec.IpamConfig(subnet, null, gateway)), options, Map.of());
    }

    static EndpointSpec endpoint(String networkId, String endpointId, String sandbox, String ip, String gateway,
                                 PortBinding... ports) {
        return new EndpointSpec(networkId, endpointId, "c" + endpointId, sandbox, "eth0", ip, 24, gateway, null,
                List.of(), List.of(ports));
    }

    static String id(char c) {
        return String.valueOf(c).repeat(64);
    }
}
