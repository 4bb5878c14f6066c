package io.wharf.networks.ipam;

import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.util.Map;

/**
 * A network's IPv4 addressing: its subnet, the range addresses are handed out from (the whole subnet when
 * null) and the gateway.
 *
 * @param userConfigured the subnet came from the user (docker network create --subnet), which is what allows
 *                       static addresses (--ip) on the network
 * @param auxAddresses   --aux-address: addresses of the subnet IPAM never hands out, by name
 */
public record SubnetPlan(Cidr subnet, Cidr ipRange, int gateway, boolean userConfigured,
                         Map<String, Integer> auxAddresses) {
    public SubnetPlan {
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
    }

    public SubnetPlan(Cidr subnet, Cidr ipRange, int gateway, boolean userConfigured) {
        this(subnet, ipRange, gateway, userConfigured, Map.of());
    }

    public SubnetPlan withAuxAddresses(Map<String, Integer> addresses) {
        return new SubnetPlan(subnet, ipRange, gateway, userConfigured, addresses);
    }

    public Cidr allocationRange() {
        return ipRange == null ? subnet : ipRange;
    }

    public NetworkSpec.IpamConfig toConfig() {
        return new NetworkSpec.IpamConfig(subnet.toString(), ipRange == null ? null : ipRange.toString(),
                Ipv4.format(gateway));
    }
}
