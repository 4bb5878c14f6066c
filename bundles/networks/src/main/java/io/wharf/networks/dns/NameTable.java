package io.wharf.networks.dns;

import io.wharf.networks.net.Ipv4;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The names the embedded DNS answers on one network: each endpoint's container name, short ID and aliases,
 * for everyone on the network, and its legacy link aliases ({@code --link db:database}), only for queries from
 * the endpoint's own address. Names match case-insensitively, with or without a trailing dot, and also with
 * the network's name appended ({@code web.mynet}). An endpoint has an IPv4 address, an IPv6 one or both (IPv4-only,
 * IPv6-only and dual-stack networks). Thread-safe: the DNS threads read while the service writes.
 */
public final class NameTable {
    private final String networkName;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** One endpoint's addresses, as a lookup finds them: either may be null, not both. */
    public record Host(Integer ipv4, byte[] ipv6) {
        public Host {
            ipv6 = ipv6 == null ? null : ipv6.clone();
        }

        @Override
        public byte[] ipv6() {
            return ipv6 == null ? null : ipv6.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Host h && Objects.equals(ipv4, h.ipv4) && Arrays.equals(ipv6, h.ipv6);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(ipv4) + Arrays.hashCode(ipv6);
        }

        @Override
        public String toString() {
            String v6 = null;
            try {
                v6 = ipv6 == null ? null : InetAddress.getByAddress(ipv6).getHostAddress();
            } catch (UnknownHostException e) {
                // 16 bytes always make an address
            }
            return ipv4 == null ? String.valueOf(v6) : v6 == null ? Ipv4.format(ipv4) : Ipv4.format(ipv4) + "/" + v6;
        }

        /** The address a query from the endpoint comes from: IPv4 when it has one. */
        InetAddress address() {
            try {
                return ipv4 != null ? InetAddress.getByAddress(Ipv4.bytes(ipv4)) : InetAddress.getByAddress(ipv6);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean is(InetAddress source) {
            return source instanceof Inet4Address v4 ? ipv4 != null && ipv4 == Ipv4.fromBytes(v4.getAddress())
                    : source instanceof Inet6Address v6 && Arrays.equals(ipv6, v6.getAddress());
        }
    }

    private record Entry(Host host, List<String> names, Map<String, String> links) {
    }

    public NameTable(String networkName) {
        this.networkName = normalize(networkName);
    }

    /**
     * An endpoint of an IPv4-only network.
     *
     * @param names the endpoint's names, the container name first (reverse lookups answer it)
     * @param links link alias → the name of the linked container
     */
    public void add(String endpointId, int address, List<String> names, Map<String, String> links) {
        add(endpointId, address, null, names, links);
    }

    /**
     * @param address the endpoint's IPv4 address, null on an IPv6-only network
     * @param ipv6    the endpoint's IPv6 address (16 bytes), answered to AAAA queries; null on IPv4-only networks
     */
    public synchronized void add(String endpointId, Integer address, byte[] ipv6, List<String> names,
                                 Map<String, String> links) {
        if (address == null && ipv6 == null) {
            throw new IllegalArgumentException("endpoint " + endpointId + " has no address");
        }
        List<String> normalized = new ArrayList<>();
        for (String n : names) {
            String key = normalize(n);
            if (!key.isEmpty() && !normalized.contains(key)) {
                normalized.add(key);
            }
        }
        Map<String, String> normalizedLinks = new LinkedHashMap<>();
        links.forEach((alias, target) -> normalizedLinks.put(normalize(alias), normalize(target)));
        entries.put(endpointId, new Entry(new Host(address, ipv6), List.copyOf(normalized), normalizedLinks));
    }

    public synchronized void remove(String endpointId) {
        entries.remove(endpointId);
    }

    /**
     * The hosts of a name as seen from {@code source} (the querying address, null when unknown), or null when
     * the name is unknown here.
     */
    public synchronized List<Host> lookup(String name, InetAddress source) {
        String key = normalize(name);
        List<Host> found = find(key, source);
        if (found == null && key.endsWith("." + networkName)) {
            found = find(key.substring(0, key.length() - networkName.length() - 1), source);
        }
        return found;
    }

    /** The name of the container with this IPv4 address, as {@code name.network}, or null. */
    public synchronized String reverse(int address) {
        return reverse(e -> e.host.ipv4 != null && e.host.ipv4 == address);
    }

    /** The name of the container with this IPv6 address (16 bytes), as {@code name.network}, or null. */
    public synchronized String reverse(byte[] ipv6) {
        return reverse(e -> Arrays.equals(e.host.ipv6, ipv6));
    }

    private String reverse(Predicate<Entry> at) {
        for (Entry e : entries.values()) {
            if (at.test(e) && !e.names.isEmpty()) {
                return e.names.get(0) + "." + networkName;
            }
        }
        return null;
    }

    /** The container (its name, the first of its names) with this address here, or null. */
    public synchronized String containerAt(InetAddress source) {
        Entry e = at(source);
        return e == null || e.names.isEmpty() ? null : e.names.get(0);
    }

    /** The address the container of this name queries from here, or null when it is not on this network. */
    public synchronized InetAddress addressOf(String container) {
        for (Entry e : entries.values()) {
            if (!e.names.isEmpty() && e.names.get(0).equals(container)) {
                return e.host.address();
            }
        }
        return null;
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    private Entry at(InetAddress source) {
        if (source == null) {
            return null;
        }
        for (Entry e : entries.values()) {
            if (e.host.is(source)) {
                return e;
            }
        }
        return null;
    }

    private List<Host> find(String key, InetAddress source) {
        Entry asking = at(source);
        if (asking != null && asking.links.containsKey(key)) {
            List<Host> target = byName(asking.links.get(key));
            if (!target.isEmpty()) {
                return target;
            }
        }
        List<Host> found = byName(key);
        return found.isEmpty() ? null : found;
    }

    private List<Host> byName(String key) {
        List<Host> hosts = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.names.contains(key) && !hosts.contains(e.host)) {
                hosts.add(e.host);
            }
        }
        return hosts;
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
        entries.values().forEach(e -> b.append(' ').append(e.names).append('=').append(e.host));
        return b.append(']').toString();
    }
}
