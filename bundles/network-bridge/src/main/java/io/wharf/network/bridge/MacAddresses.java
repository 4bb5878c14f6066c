package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import java.util.Locale;
import java.util.regex.Pattern;

/** MAC addresses for container interfaces. */
final class MacAddresses {
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");

    private MacAddresses() {
    }

    /**
     * Docker's scheme: a locally administered {@code 02:42:} prefix followed by the four address bytes, so that
     * an address that moves to another container keeps its MAC and neighbours' ARP caches stay right.
     */
    static String fromIpv4(String address) {
        int ip = Ipv4.parse(address);
        return String.format("02:42:%02x:%02x:%02x:%02x", ip >>> 24, ip >>> 16 & 0xff, ip >>> 8 & 0xff, ip & 0xff);
    }

    static String requireValid(String mac) {
        if (!MAC.matcher(mac).matches()) {
            throw EngineException.invalid("invalid MAC address: %s", mac);
        }
        return mac.toLowerCase(Locale.ROOT);
    }
}
