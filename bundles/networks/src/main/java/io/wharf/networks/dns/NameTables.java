package io.wharf.networks.dns;

import java.net.InetAddress;
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

    /**
     * The hosts of {@code name} for the querying address {@code source} on the network of {@code home}: that
     * network's names first, then those of the querying container's other networks; null when none knows it.
     */
    public List<NameTable.Host> lookup(NameTable home, String name, InetAddress source) {
        List<NameTable.Host> found = home.lookup(name, source);
        if (found != null) {
            return found;
        }
        String container = home.containerAt(source);
        if (container == null) {
            return null;
        }
        for (NameTable other : byNetwork.values()) {
            InetAddress there = other == home ? null : other.addressOf(container);
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
