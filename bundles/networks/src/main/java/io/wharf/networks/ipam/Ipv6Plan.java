package io.wharf.networks.ipam;

import io.wharf.api.network.NetworkSpec;
import io.wharf.support.Cidr6;
import io.wharf.support.Ipv6;
import java.math.BigInteger;
import java.util.Map;

/**
 * A dual-stack network's IPv6 addressing: its subnet, the range addresses are handed out from (the whole subnet
 * when null), the gateway (the bridge's own address) and the auxiliary addresses.
 *
 * @param userConfigured the subnet came from the user (--subnet), which is what allows --ip6 and --aux-address
 * @param auxAddresses   --aux-address: addresses of the subnet IPAM never hands out, by name
 */
public record Ipv6Plan(Cidr6 subnet, Cidr6 ipRange, BigInteger gateway, boolean userConfigured,
                       Map<String, BigInteger> auxAddresses) {
    public Ipv6Plan {
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
    }

    public Ipv6Plan(Cidr6 subnet, Cidr6 ipRange, BigInteger gateway, boolean userConfigured) {
        this(subnet, ipRange, gateway, userConfigured, Map.of());
    }

    public Ipv6Plan withAuxAddresses(Map<String, BigInteger> addresses) {
        return new Ipv6Plan(subnet, ipRange, gateway, userConfigured, addresses);
    }

    public Cidr6 allocationRange() {
        return ipRange == null ? subnet : ipRange;
    }

    public NetworkSpec.IpamConfig toConfig() {
        return new NetworkSpec.IpamConfig(subnet.toString(), ipRange == null ? null : ipRange.toString(),
                Ipv6.format(gateway));
    }
}
