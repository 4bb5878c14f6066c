package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;

/** An IPv4 subnet ({@code 172.18.0.0/16}); host bits given in the CIDR are cleared. */
record Ipv4Subnet(int network, int prefixLength) {

    static Ipv4Subnet parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw EngineException.invalid("invalid subnet %s: expected an IPv4 CIDR like 172.18.0.0/16", cidr);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid subnet %s: bad prefix length", cidr);
        }
        if (prefix < 1 || prefix > 32) {
            throw EngineException.invalid("invalid subnet %s: prefix length must be 1-32", cidr);
        }
        return new Ipv4Subnet(Ipv4.parse(cidr.substring(0, slash)) & mask(prefix), prefix);
    }

    boolean contains(int address) {
        return (address & mask(prefixLength)) == network;
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }
}
