package io.wharf.support;

import java.math.BigInteger;

/** An IPv6 block: its first address (host bits cleared) and prefix length. */
public record Cidr6(BigInteger network, int prefix) {
    public Cidr6 {
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("invalid prefix length " + prefix);
        }
        network = network.and(mask(prefix));
    }

    /** Parses {@code addr/n}; host bits are cleared. IllegalArgumentException for anything else. */
    public static Cidr6 parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv6 CIDR block: " + text);
        }
        String bits = text.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an IPv6 CIDR block: " + text);
        }
        return new Cidr6(Ipv6.parse(text.substring(0, slash)), Integer.parseInt(bits));
    }

    public static boolean hasHostBits(String text) {
        return !Ipv6.parse(text.substring(0, text.indexOf('/'))).equals(parse(text).network);
    }

    public static BigInteger mask(int prefix) {
        return Ipv6.ALL_ONES.shiftRight(prefix).xor(Ipv6.ALL_ONES);
    }

    /** The last address of the block. */
    public BigInteger last() {
        return network.or(Ipv6.ALL_ONES.shiftRight(prefix));
    }

    public boolean contains(BigInteger address) {
        return address.and(mask(prefix)).equals(network);
    }

    public boolean contains(Cidr6 other) {
        return other.prefix >= prefix && contains(other.network);
    }

    public boolean overlaps(Cidr6 other) {
        return contains(other.network) || other.contains(network);
    }

    /** The first address after the subnet-router anycast address: Docker's default IPv6 gateway. */
    public BigInteger firstHost() {
        return network.add(BigInteger.ONE);
    }

    @Override
    public String toString() {
        return Ipv6.format(network) + "/" + prefix;
    }
}
