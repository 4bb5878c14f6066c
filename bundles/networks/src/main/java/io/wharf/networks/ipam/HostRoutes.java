package io.wharf.networks.ipam;

import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPv4 blocks the host already reaches: its routes and the subnets of its interface addresses. A new
 * network must not take one of these, or it would shadow a LAN, a VPN or another daemon's bridge (a test daemon
 * and the user's daemon run side by side).
 */
public final class HostRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(HostRoutes.class);
    private static final Path ROUTE_TABLE = Path.of("/proc/net/route");

    private HostRoutes() {
    }

    public static List<Cidr> read() {
        List<Cidr> blocks = new ArrayList<>();
        try {
            blocks.addAll(parseRouteTable(Files.readString(ROUTE_TABLE)));
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", ROUTE_TABLE, e.toString());
        }
        blocks.addAll(interfaceSubnets());
        return blocks;
    }

    /**
     * The destinations of {@code /proc/net/route} (hex, in the kernel's little-endian byte order), without the
     * default route, which overlaps everything.
     */
    static List<Cidr> parseRouteTable(String table) {
        List<Cidr> routes = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface")) {
                continue;
            }
            try {
                int destination = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                int prefix = Integer.bitCount(mask);
                if (prefix > 0) {
                    routes.add(new Cidr(destination, prefix));
                }
            } catch (NumberFormatException e) {
                // not a route line
            }
        }
        return routes;
    }

    private static List<Cidr> interfaceSubnets() {
        List<Cidr> subnets = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4 && a.getNetworkPrefixLength() > 0
                            && a.getNetworkPrefixLength() <= 32) {
                        subnets.add(new Cidr(Ipv4.fromBytes(v4.getAddress()), a.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException | NullPointerException e) {
            LOG.debug("cannot list the host's interfaces: {}", e.toString());
        }
        return subnets;
    }
}
