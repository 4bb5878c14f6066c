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

    /** A dual-stack network on 172.18.0.0/16 and the given IPv6 subnet. */
    static NetworkSpec dualStackNetwork(String id, String subnet6, String gateway6) {
        return new NetworkSpec(id, "net-" + id.substring(0, 4), "bridge", false, true,
                List.of(new NetworkSpec.IpamConfig("172.18.0.0/16", null, "172.18.0.1"),
                        new NetworkSpec.IpamConfig(subnet6, null, gateway6)), Map.of(), Map.of());
    }

    /** An endpoint with an IPv6 address in a /64 whose gateway is ::1; the default routes when {@code routed}. */
    static EndpointSpec dualStackEndpoint(String networkId, String endpointId, String sandbox, String ip, String ip6,
                                          boolean routed, PortBinding... ports) {
        String gateway6 = ip6.substring(0, ip6.lastIndexOf(':') + 1) + "1";
        return new EndpointSpec(networkId, endpointId, "c" + endpointId, sandbox, "eth0", ip, 24,
                routed ? "172.18.0.1" : null, null, List.of(), List.of(ports), List.of(), ip6, 64,
                routed ? gateway6 : null);
    }

    /** An IPv6-only network (--ipv6 --ipv4=false): its one pool is IPv6. */
    static NetworkSpec ipv6OnlyNetwork(String id, String subnet6, String gateway6) {
        return new NetworkSpec(id, "net-" + id.substring(0, 4), "bridge", false, true,
                List.of(new NetworkSpec.IpamConfig(subnet6, null, gateway6)), Map.of(), Map.of());
    }

    /** An endpoint of an IPv6-only network: no IPv4 address, a MAC from the service, the IPv6 route if routed. */
    static EndpointSpec ipv6OnlyEndpoint(String networkId, String endpointId, String sandbox, String ip6,
                                         boolean routed, PortBinding... ports) {
        String gateway6 = ip6.substring(0, ip6.lastIndexOf(':') + 1) + "1";
        return new EndpointSpec(networkId, endpointId, "c" + endpointId, sandbox, "eth0", null, 0, null,
                "0a:1b:2c:3d:4e:5f", List.of(), List.of(ports), List.of(), ip6, 64, routed ? gateway6 : null);
    }

    static String id(char c) {
        return String.valueOf(c).repeat(64);
    }
}
