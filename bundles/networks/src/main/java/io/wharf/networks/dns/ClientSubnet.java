package io.wharf.networks.dns;

import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Cidr6;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The subnet a network's DNS server answers, IPv4 or (on an IPv6-only network) IPv6; queries from elsewhere are
 * refused.
 */
public sealed interface ClientSubnet {
    boolean contains(InetAddress source);

    static ClientSubnet of(Cidr subnet) {
        return new V4(subnet);
    }

    /** {@code 172.18.0.0/16} or {@code fd00:1::/64}. */
    static ClientSubnet parse(String subnet) {
        return subnet.contains(":") ? new V6(Cidr6.parse(subnet)) : new V4(Cidr.parse(subnet));
    }

    record V4(Cidr subnet) implements ClientSubnet {
        @Override
        public boolean contains(InetAddress source) {
            return source instanceof Inet4Address v4 && subnet.contains(Ipv4.fromBytes(v4.getAddress()));
        }
    }

    record V6(Cidr6 subnet) implements ClientSubnet {
        @Override
        public boolean contains(InetAddress source) {
            return source instanceof Inet6Address v6 && subnet.contains(new BigInteger(1, v6.getAddress()));
        }
    }
}
