package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
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
}
