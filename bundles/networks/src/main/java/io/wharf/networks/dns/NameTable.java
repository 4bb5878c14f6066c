package io.wharf.networks.dns;

import io.wharf.networks.net.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names the embedded DNS answers on one network: each endpoint's container name, short ID and aliases,
 * for everyone on the network, and its legacy link aliases ({@code --link db:database}), only for queries from
 * the endpoint's own address. Names match case-insensitively, with or without a trailing dot, and also with
 * the network's name appended ({@code web.mynet}). Thread-safe: the DNS threads read while the service writes.
 */
public final class NameTable {
    private final String networkName;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** @param ipv6 the endpoint's IPv6 address (16 bytes) on a dual-stack network, else null */
    private record Entry(int address, List<String> names, Map<String, String> links, byte[] ipv6) {
    }

    public NameTable(String networkName) {
        this.networkName = normalize(networkName);
    }

    /**
     * @param names the endpoint's names, the container name first (reverse lookups answer it)
     * @param links link alias → the name of the linked container
     */
    public void add(String endpointId, int address, List<String> names, Map<String, String> links) {
        add(endpointId, address, null, names, links);
    }

    /** @param ipv6 the endpoint's IPv6 address (16 bytes), answered to AAAA queries; null on IPv4-only networks */
    public synchronized void add(String endpointId, int address, byte[] ipv6, List<String> names,
                                 Map<String, String> links) {
        List<String> normalized = new ArrayList<>();
        for (String n : names) {
            String key = normalize(n);
            if (!key.isEmpty() && !normalized.contains(key)) {
                normalized.add(key);
            }
        }
        Map<String, String> normalizedLinks = new LinkedHashMap<>();
        links.forEach((alias, target) -> normalizedLinks.put(normalize(alias), normalize(target)));
        entries.put(endpointId, new Entry(address, List.copyOf(normalized), normalizedLinks,
                ipv6 == null ? null : ipv6.clone()));
    }

    public synchronized void remove(String endpointId) {
        entries.remove(endpointId);
    }

    /**
     * The addresses of a name as seen from {@code source} (the querying address, 0 when unknown), or null
     * when the name is unknown here.
     */
    public synchronized List<Integer> lookup(String name, int source) {
        String key = normalize(name);
        List<Integer> found = find(key, source);
        if (found == null && key.endsWith("." + networkName)) {
            found = find(key.substring(0, key.length() - networkName.length() - 1), source);
        }
        return found;
    }

    /** The name of the container with this address, as {@code name.network}, or null. */
    public synchronized String reverse(int address) {
        for (Entry e : entries.values()) {
            if (e.address == address && !e.names.isEmpty()) {
                return e.names.get(0) + "." + networkName;
            }
        }
        return null;
    }

    /**
     * The IPv6 address of the endpoint with this IPv4 address here, or null (IPv4-only network, unknown address).
     * Lookups answer IPv4 addresses; an AAAA answer maps them through this.
     */
    public synchronized byte[] ipv6Of(int address) {
        for (Entry e : entries.values()) {
            if (e.address == address && e.ipv6 != null) {
                return e.ipv6.clone();
            }
        }
        return null;
    }

    /** The container (its name, the first of its names) with this address here, or null. */
    public synchronized String containerAt(int address) {
        for (Entry e : entries.values()) {
            if (e.address == address && !e.names.isEmpty()) {
                return e.names.get(0);
            }
        }
        return null;
    }

    /** The address of the container of this name here, or null when it is not on this network. */
    public synchronized Integer addressOf(String container) {
        for (Entry e : entries.values()) {
            if (!e.names.isEmpty() && e.names.get(0).equals(container)) {
                return e.address;
            }
        }
        return null;
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    private List<Integer> find(String key, int source) {
        for (Entry e : entries.values()) {
            if (e.address == source && e.links.containsKey(key)) {
                List<Integer> target = byName(e.links.get(key));
                if (!target.isEmpty()) {
                    return target;
                }
            }
        }
        List<Integer> found = byName(key);
        return found.isEmpty() ? null : found;
    }

    private List<Integer> byName(String key) {
        List<Integer> addresses = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.names.contains(key) && !addresses.contains(e.address)) {
                addresses.add(e.address);
            }
        }
        return addresses;
    }

    static String normalize(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    @Override
    public synchronized String toString() {
        StringBuilder b = new StringBuilder("NameTable[" + networkName);
        entries.values().forEach(e -> b.append(' ').append(e.names).append('=').append(Ipv4.format(e.address)));
        return b.append(']').toString();
    }
}
