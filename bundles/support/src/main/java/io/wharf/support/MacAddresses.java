package io.wharf.support;

import io.wharf.api.errors.EngineException;
import java.util.Locale;
import java.util.Random;

/** Endpoint MAC addresses: the requested one, or dockerd's classic 02:42 followed by the IPv4 address. */
public final class MacAddresses {
    private MacAddresses() {
    }

    /** The requested address in canonical form, null when none was requested; 400 when malformed. */
    public static String validate(String requested) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        String mac = requested.trim().toLowerCase(Locale.ROOT).replace('-', ':');
        if (!mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw EngineException.invalid("invalid MAC address: %s", requested);
        }
        if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            throw EngineException.invalid("invalid MAC address: %s: it is a multicast address", requested);
        }
        return mac;
    }

    /**
     * Docker's scheme: a locally administered {@code 02:42:} prefix followed by the four address bytes, unique
     * within the network since the IPv4 address is, and kept by an address that moves to another container so
     * that neighbours' ARP caches stay right.
     */
    public static String fromIpv4(int address) {
        return String.format("02:42:%02x:%02x:%02x:%02x", address >>> 24, address >>> 16 & 0xff,
                address >>> 8 & 0xff, address & 0xff);
    }

    /** A random unicast, locally administered address (as Go's netutils.GenerateRandomMAC makes for dockerd). */
    public static String random(Random random) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        b[0] = (byte) (b[0] & 0xfe | 0x02);
        StringBuilder mac = new StringBuilder();
        for (byte x : b) {
            mac.append(mac.length() == 0 ? "" : ":").append(String.format("%02x", x & 0xff));
        }
        return mac.toString();
    }
}
