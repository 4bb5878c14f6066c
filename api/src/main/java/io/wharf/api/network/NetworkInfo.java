package io.wharf.api.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A network as the network service keeps it.
 *
 * @param scope      "local" for every network Wharf makes
 * @param dnsServer  the address of the embedded DNS server for containers on this network (user-defined
 *                   networks), or null when containers use the host's resolvers (default bridge, host, none)
 * @param predefined bridge, host and none: they cannot be removed
 */
public record NetworkInfo(String id, String name, String driver, String scope, Instant created, boolean internal,
                          boolean attachable, boolean enableIpv6, String ipamDriver,
                          List<NetworkSpec.IpamConfig> ipam, Map<String, String> options,
                          Map<String, String> labels, String dnsServer, boolean predefined) {

    public NetworkSpec spec() {
        return new NetworkSpec(id, name, driver, internal, enableIpv6, ipam, options, labels);
    }
}
