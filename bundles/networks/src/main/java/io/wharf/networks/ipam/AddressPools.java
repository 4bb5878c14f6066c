package io.wharf.networks.ipam;

import io.wharf.networks.net.Cidr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The configured pools ({@code base=10.10.0.0/16,size=24}, as dockerd's flag writes them), or the defaults when
     * none are; IllegalArgumentException for a malformed one.
     */
    public static List<Pool> fromConfig(String... configured) {
        if (configured.length == 0) {
            return defaults();
        }
        List<Pool> pools = new ArrayList<>();
        for (String p : configured) {
            Map<String, String> fields = new HashMap<>();
            for (String field : p.split(",")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    fields.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
                }
            }
            String base = fields.get("base");
            if (base == null || base.isEmpty() || base.equals("null")) {
                throw new IllegalArgumentException("invalid address pool " + p + ": no base");
            }
            pools.add(new Pool(Cidr.parse(base), size(p, fields.getOrDefault("size", "0"))));
        }
        return List.copyOf(pools);
    }

    private static int size(String pool, String size) {
        try {
            return Integer.parseInt(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid address pool " + pool + ": size is not a number");
        }
    }
}
