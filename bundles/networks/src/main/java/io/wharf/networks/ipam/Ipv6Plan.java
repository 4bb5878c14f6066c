package io.wharf.networks.ipam;

import io.wharf.api.network.NetworkSpec;
import io.wharf.support.Cidr6;
import io.wharf.support.Ipv6;
import java.math.BigInteger;

/**
 * A dual-stack network's IPv6 addressing: its subnet, the range addresses are handed out from (the whole subnet
 * when null) and the gateway (the bridge's own address).
 *
 * @param userConfigured the subnet came from the user (--subnet), which is what allows --ip6
 */
public record Ipv6Plan(Cidr6 subnet, Cidr6 ipRange, BigInteger gateway, boolean userConfigured) {

    public Cidr6 allocationRange() {
        return ipRange == null ? subnet : ipRange;
    }

    public NetworkSpec.IpamConfig toConfig() {
        return new NetworkSpec.IpamConfig(subnet.toString(), ipRange == null ? null : ipRange.toString(),
                Ipv6.format(gateway));
    }
}
