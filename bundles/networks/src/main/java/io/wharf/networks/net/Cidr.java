package io.wharf.networks.net;

/** An IPv4 block: its first address (host bits cleared) and prefix length. */
public record Cidr(int network, int prefix) {
    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid prefix length " + prefix);
        }
        network &= mask(prefix);
    }

    /**
     * Parses {@code a.b.c.d/n}; host bits are cleared (use {@link #hasHostBits} to reject them).
     * IllegalArgumentException for anything else.
     */
    public static Cidr parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
        String bits = text.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 2 || !bits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
        return new Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(bits));
    }

    /** The address part of {@code a.b.c.d/n} as written, e.g. the gateway in Docker's {@code bip}. */
    public static int addressOf(String text) {
        int slash = text.indexOf('/');
        return Ipv4.parse(slash < 0 ? text : text.substring(0, slash));
    }

    public static boolean hasHostBits(String text) {
        return addressOf(text) != parse(text).network;
    }

    public static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int mask() {
        return mask(prefix);
    }

    /** The last address of the block (the broadcast address of a subnet). */
    public int last() {
        return network | ~mask();
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(int address) {
        return (address & mask()) == network;
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network) || other.contains(network);
    }

    /** The first address after the network address: Docker's default gateway. */
    public int firstHost() {
        return network + 1;
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
