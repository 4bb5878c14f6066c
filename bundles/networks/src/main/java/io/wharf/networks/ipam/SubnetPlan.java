package io.wharf.networks.ipam;

import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;

/**
 * A network's IPv4 addressing: its subnet, the range addresses are handed out from (the whole subnet when
 * null) and the gateway.
 *
 * @param userConfigured the subnet came from the user (docker network create --subnet), which is what allows
 *                       static addresses (--ip) on the network
 */
public record SubnetPlan(Cidr subnet, Cidr ipRange, int gateway, boolean userConfigured) {
    public Cidr allocationRange() {
        return ipRange == null ? subnet : ipRange;
    }

    public NetworkSpec.IpamConfig toConfig() {
        return new NetworkSpec.IpamConfig(subnet.toString(), ipRange == null ? null : ipRange.toString(),
                Ipv4.format(gateway));
    }
}
