package io.wharf.networks.dns;

import io.wharf.networks.net.Ipv4;

/**
 * The address a reverse-lookup (PTR) name stands for: {@code 4.3.2.1.in-addr.arpa} is 1.2.3.4, and
 * {@code 3.0.0.0.(...).0.0.d.f.ip6.arpa} (32 nibbles, lowest first) an IPv6 address, as RFC 3596 writes them.
 * Names are lower case here (the parser folds them).
 */
final class ReverseName {
    static final String IPV4_SUFFIX = ".in-addr.arpa";
    static final String IPV6_SUFFIX = ".ip6.arpa";
    private static final int NIBBLES = 32;

    private ReverseName() {
    }

    /** The IPv4 address of an in-addr.arpa name, or null for anything else. */
    static Integer ipv4(String name) {
        if (!name.endsWith(IPV4_SUFFIX)) {
            return null;
        }
        String[] parts = name.substring(0, name.length() - IPV4_SUFFIX.length()).split("\\.");
        if (parts.length != 4) {
            return null;
        }
        String forward = parts[3] + "." + parts[2] + "." + parts[1] + "." + parts[0];
        return Ipv4.isValid(forward) ? Ipv4.parse(forward) : null;
    }

    /** The IPv6 address (16 bytes) of a full ip6.arpa name, or null for anything else (shorter names are zones). */
    static byte[] ipv6(String name) {
        if (!name.endsWith(IPV6_SUFFIX)) {
            return null;
        }
        String nibbles = name.substring(0, name.length() - IPV6_SUFFIX.length());
        if (nibbles.length() != 2 * NIBBLES - 1) {
            return null;
        }
        byte[] address = new byte[NIBBLES / 2];
        for (int i = 0; i < NIBBLES; i++) {
            int digit = Character.digit(nibbles.charAt(2 * i), 16);
            if (digit < 0 || i < NIBBLES - 1 && nibbles.charAt(2 * i + 1) != '.') {
                return null;
            }
            // the first label is the lowest nibble of the last byte
            int index = NIBBLES - 1 - i;
            address[index / 2] |= (byte) (index % 2 == 0 ? digit << 4 : digit);
        }
        return address;
    }
}
