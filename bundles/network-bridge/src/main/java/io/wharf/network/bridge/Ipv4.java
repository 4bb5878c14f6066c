package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;

/**
 * Dotted-quad IPv4 addresses as ints. Parsed by hand rather than with {@code InetAddress}, which would resolve
 * anything that is not a literal through DNS.
 */
final class Ipv4 {
    private Ipv4() {
    }

    static int parse(String address) {
        String[] parts = address == null ? new String[0] : address.split("\\.", -1);
        if (parts.length != 4) {
            throw EngineException.invalid("invalid IPv4 address: %s", address);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw EngineException.invalid("invalid IPv4 address: %s", address);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw EngineException.invalid("invalid IPv4 address: %s", address);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    /** Normalises a literal ({@code 010.1.1.1} becomes {@code 10.1.1.1}) and rejects anything else. */
    static String canonical(String address) {
        return format(parse(address));
    }

    static boolean isIpv4(String address) {
        try {
            parse(address);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }
}
