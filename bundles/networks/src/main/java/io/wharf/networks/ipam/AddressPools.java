package io.wharf.networks.ipam;

import io.wharf.api.config.DaemonConfig;
import io.wharf.networks.net.Cidr;
import java.util.ArrayList;
import java.util.List;

/** Docker's {@code default-address-pools}: blocks split into subnets of a given size, tried in order. */
public final class AddressPools {
    /** A block and the prefix length of the subnets cut from it. */
    public record Pool(Cidr base, int size) {
        public Pool {
            if (size < base.prefix() || size > 30) {
                throw new IllegalArgumentException("invalid address pool " + base + ": size " + size
                        + " must be between " + base.prefix() + " and 30");
            }
        }

        /** How many subnets the pool holds. */
        public long count() {
            return 1L << (size - base.prefix());
        }

        public Cidr subnet(long index) {
            return new Cidr(base.network() + (int) (index << (32 - size)), size);
        }
    }

    private AddressPools() {
    }

    /** What dockerd uses without configuration: 172.17-31.0.0/16 as /16s, then 192.168.0.0/16 as /20s. */
    public static List<Pool> defaults() {
        List<Pool> pools = new ArrayList<>();
        for (int second = 17; second <= 31; second++) {
            pools.add(new Pool(Cidr.parse("172." + second + ".0.0/16"), 16));
        }
        pools.add(new Pool(Cidr.parse("192.168.0.0/16"), 20));
        return List.copyOf(pools);
    }

    /** The configured pools, or the defaults when none are; IllegalArgumentException for a malformed one. */
    public static List<Pool> fromConfig(List<DaemonConfig.AddressPool> configured) {
        if (configured == null || configured.isEmpty()) {
            return defaults();
        }
        List<Pool> pools = new ArrayList<>();
        for (DaemonConfig.AddressPool p : configured) {
            if (p == null || p.base() == null) {
                throw new IllegalArgumentException("invalid address pool: no base");
            }
            pools.add(new Pool(Cidr.parse(p.base()), p.size()));
        }
        return List.copyOf(pools);
    }
}
