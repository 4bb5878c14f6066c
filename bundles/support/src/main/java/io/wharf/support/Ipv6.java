package io.wharf.support;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IPv6 addresses as unsigned 128-bit {@link BigInteger}s. Parsing accepts the literal forms only (no zone, no
 * names: nothing ever reaches the resolver); formatting is RFC 5952's canonical text, as Go's netip prints it.
 */
public final class Ipv6 {
    public static final BigInteger ALL_ONES = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Ipv6() {
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The address of an IPv6 literal; IllegalArgumentException for anything else (IPv4 included). */
    public static BigInteger parse(String text) {
        if (text == null || !text.contains(":") || !LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            // a literal with a colon is parsed, never looked up
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if (bytes.length != 16) { // an IPv4-mapped literal comes back as IPv4
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            return new BigInteger(1, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    public static String format(BigInteger address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = address.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The 16 bytes of an address, network order. */
    public static byte[] toBytes(BigInteger address) {
        byte[] raw = address.toByteArray(); // may carry a sign byte, or be shorter
        byte[] out = new byte[16];
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return out;
    }

    /** The canonical text of an IPv6 literal. */
    public static String canonical(String text) {
        return format(parse(text));
    }
}
