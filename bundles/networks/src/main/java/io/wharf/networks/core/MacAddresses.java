package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import java.util.Locale;

/** Endpoint MAC addresses: the requested one, or dockerd's classic 02:42 followed by the IPv4 address. */
final class MacAddresses {
    private MacAddresses() {
    }

    /** The requested address in canonical form, null when none was requested; 400 when malformed. */
    static String validate(String requested) {
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

    /** A locally administered unicast address unique within the network, since the IPv4 address is. */
    static String fromIpv4(int address) {
        return String.format("02:42:%02x:%02x:%02x:%02x", address >>> 24, address >>> 16 & 0xff,
                address >>> 8 & 0xff, address & 0xff);
    }
}
