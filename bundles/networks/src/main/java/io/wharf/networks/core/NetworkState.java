package io.wharf.networks.core;

import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.dns.NameTable;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A network in memory: its stored record, its live endpoints and the names its DNS server answers. */
final class NetworkState {
    private NetworkRecord record;
    final Map<String, EndpointRecord> endpoints = new LinkedHashMap<>();
    final NameTable names;

    NetworkState(NetworkRecord record) {
        this.record = record;
        this.names = new NameTable(record.name());
    }

    NetworkRecord record() {
        return record;
    }

    void update(NetworkRecord newRecord) {
        this.record = newRecord;
    }

    String id() {
        return record.id();
    }

    /** User-defined networks with addresses get an embedded DNS server on their gateway, like dockerd's. */
    boolean hasDns() {
        return !record.predefined() && record.addressed();
    }

    /** The address the DNS server binds: the IPv4 gateway, or the IPv6 one on an IPv6-only network. */
    String dnsAddress() {
        return record.ipam() != null ? record.ipam().gateway() : record.ipam6().gateway();
    }

    /** The subnet whose clients the DNS server answers, of the same family as {@link #dnsAddress}. */
    String dnsSubnet() {
        return record.ipam() != null ? record.ipam().subnet() : record.ipam6().subnet();
    }

    EndpointRecord endpointOf(String containerId) {
        for (EndpointRecord e : endpoints.values()) {
            if (e.containerId().equals(containerId)) {
                return e;
            }
        }
        return null;
    }

    /** What the container engine shows of one of this network's endpoints. */
    EndpointSettings settings(EndpointRecord e) {
        List<String> dnsNames = hasDns() ? EndpointNames.dnsNames(e.containerName(), e.containerId(), e.aliases())
                : List.of();
        return new EndpointSettings(id(), record.name(), e.id(), e.containerId(), e.containerName(),
                orEmpty(e.ipv4Address()), e.prefixLength(), orEmpty(e.gateway()), orEmpty(e.macAddress()),
                e.aliases(), dnsNames, e.ports(), orEmpty(e.ipv6Address()), e.ipv6PrefixLength(),
                orEmpty(e.ipv6Gateway()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    NetworkInfo info() {
        NetworkRecord r = record;
        List<NetworkSpec.IpamConfig> ipam = new ArrayList<>();
        if (r.ipam() != null) {
            ipam.add(r.ipam().config());
        }
        if (r.ipam6() != null) {
            ipam.add(r.ipam6().config());
        }
        return new NetworkInfo(r.id(), r.name(), r.driver(), "local", created(r), r.internal(), r.attachable(),
                r.enableIpv6(), r.ipamDriver(), List.copyOf(ipam), r.options(), r.labels(),
                hasDns() ? dnsAddress() : null, r.predefined());
    }

    private static Instant created(NetworkRecord r) {
        try {
            return r.created() == null ? null : Instant.parse(r.created());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
