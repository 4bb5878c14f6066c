package io.wharf.networks.net;

/**
 * IPv4 addresses as unsigned 32-bit values held in an {@code int}. Parsing is strict (four decimal octets) and
 * never touches the resolver, unlike {@link java.net.InetAddress#getByName}.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /** The address of a dotted quad; IllegalArgumentException for anything else. */
    public static int parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no address");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    public static byte[] bytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    public static int fromBytes(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** Unsigned comparison, so 192.168.x sorts after 10.x. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
