package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.networks.net.Cidr;
import io.wharf.support.Cidr6;
import io.wharf.networks.store.EndpointRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The networks by ID, found the way dockerd finds them: full ID, then name, then unique ID prefix. */
final class NetworkTable {
    private final Map<String, NetworkState> byId = new LinkedHashMap<>();

    void add(NetworkState n) {
        byId.put(n.id(), n);
    }

    void remove(String id) {
        byId.remove(id);
    }

    Collection<NetworkState> all() {
        return byId.values();
    }

    NetworkState byId(String id) {
        return byId.get(id);
    }

    NetworkState byName(String name) {
        for (NetworkState n : byId.values()) {
            if (n.record().name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** NOT_FOUND {@code network X not found}; INVALID_PARAMETER for an ambiguous ID prefix. */
    NetworkState resolve(String term) {
        if (term == null || term.isEmpty()) {
            throw EngineException.notFound("network %s not found", term == null ? "" : term);
        }
        NetworkState exact = byId.get(term);
        if (exact != null) {
            return exact;
        }
        NetworkState named = byName(term);
        if (named != null) {
            return named;
        }
        List<NetworkState> prefixed = new ArrayList<>();
        for (NetworkState n : byId.values()) {
            if (n.id().startsWith(term)) {
                prefixed.add(n);
            }
        }
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw EngineException.invalid("network %s is ambiguous (%d matches found based on ID prefix)", term,
                    prefixed.size());
        }
        throw EngineException.notFound("network %s not found", term);
    }

    /** The subnets of every network but one, which new subnets must not overlap. */
    List<Cidr> subnetsExcept(String networkId) {
        List<Cidr> subnets = new ArrayList<>();
        for (NetworkState n : byId.values()) {
            if (!n.id().equals(networkId) && n.record().ipam() != null) {
                subnets.add(n.record().ipam().plan().subnet());
            }
        }
        return subnets;
    }

    /** The IPv6 subnets of every network but one. */
    List<Cidr6> ipv6SubnetsExcept(String networkId) {
        List<Cidr6> subnets = new ArrayList<>();
        for (NetworkState n : byId.values()) {
            if (!n.id().equals(networkId) && n.record().ipam6() != null) {
                subnets.add(n.record().ipam6().plan().subnet());
            }
        }
        return subnets;
    }

    /** The endpoints of one container on every network. */
    List<EndpointRecord> endpointsOf(String containerId) {
        List<EndpointRecord> out = new ArrayList<>();
        for (NetworkState n : byId.values()) {
            for (EndpointRecord e : n.endpoints.values()) {
                if (e.containerId().equals(containerId)) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
