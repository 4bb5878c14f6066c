package io.wharf.networks.dns;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name tables of every network with DNS. A container's resolv.conf names the server of one of its networks;
 * through it the container also resolves the names of its other networks, as with Docker's resolver, which
 * answers for all networks of its container. Containers not on a network never learn its names. Thread-safe.
 */
public final class NameTables {
    private final Map<String, NameTable> byNetwork = new ConcurrentHashMap<>();

    public void put(String networkId, NameTable names) {
        byNetwork.put(networkId, names);
    }

    public void remove(String networkId) {
        byNetwork.remove(networkId);
    }

    /** The IPv6 address of the endpoint with this IPv4 address on any network (subnets never overlap), or null. */
    public byte[] ipv6Of(int address) {
        for (NameTable table : byNetwork.values()) {
            byte[] found = table.ipv6Of(address);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The addresses of {@code name} for the querying address {@code source} on the network of {@code home}: that
     * network's names first, then those of the querying container's other networks; null when none knows it.
     */
    public List<Integer> lookup(NameTable home, String name, int source) {
        List<Integer> found = home.lookup(name, source);
        if (found != null) {
            return found;
        }
        String container = home.containerAt(source);
        if (container == null) {
            return null;
        }
        for (NameTable other : byNetwork.values()) {
            Integer there = other == home ? null : other.addressOf(container);
            if (there != null) {
                found = other.lookup(name, there);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
