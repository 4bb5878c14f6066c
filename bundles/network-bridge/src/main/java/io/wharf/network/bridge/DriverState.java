package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks and endpoints the driver knows, in memory (the network service is the source of truth and hands
 * them back through restore). Every method is a short critical section; no command ever runs under this lock.
 */
final class DriverState {
    private final Map<String, BridgeNetwork> networks = new HashMap<>();
    private final Map<String, Endpoint> endpoints = new HashMap<>();

    /** A consistent copy, sorted so that the same state always generates the same ruleset text. */
    record Snapshot(List<BridgeNetwork> networks, List<Endpoint> endpoints) {
    }

    /** A network that was removed with the endpoints it still had. */
    record Removed(BridgeNetwork network, List<Endpoint> endpoints) {
    }

    synchronized void putNetwork(BridgeNetwork network) {
        for (BridgeNetwork other : networks.values()) {
            if (!other.id().equals(network.id()) && other.bridgeName().equals(network.bridgeName())) {
                throw EngineException.conflict("bridge %s is already used by network %s", network.bridgeName(),
                        other.id());
            }
        }
        networks.put(network.id(), network);
    }

    synchronized BridgeNetwork network(String id) {
        return networks.get(id);
    }

    synchronized Removed removeNetwork(String id) {
        BridgeNetwork network = networks.remove(id);
        if (network == null) {
            return null;
        }
        List<Endpoint> left = new ArrayList<>();
        endpoints.values().removeIf(endpoint -> endpoint.networkId().equals(id) && left.add(endpoint));
        return new Removed(network, left);
    }

    /** Registers an endpoint before it is plugged in, so that a second join of the same ID fails early. */
    synchronized void addEndpoint(Endpoint endpoint) {
        if (!networks.containsKey(endpoint.networkId())) {
            throw EngineException.notFound("network %s not found", endpoint.networkId());
        }
        Endpoint existing = endpoints.get(endpoint.endpointId());
        if (existing != null) {
            throw EngineException.conflict("endpoint %s is already joined to network %s", endpoint.endpointId(),
                    existing.networkId());
        }
        for (Endpoint other : endpoints.values()) {
            if (other.vethName().equals(endpoint.vethName())) {
                throw EngineException.conflict("endpoint %s: interface %s is used by endpoint %s",
                        endpoint.endpointId(), endpoint.vethName(), other.endpointId());
            }
        }
        endpoints.put(endpoint.endpointId(), endpoint);
    }

    /** Replaces a joined endpoint's settings; false when it is not joined (any more). */
    synchronized boolean replaceEndpoint(Endpoint endpoint) {
        return endpoints.replace(endpoint.endpointId(), endpoint) != null;
    }

    synchronized Endpoint removeEndpoint(String endpointId) {
        return endpoints.remove(endpointId);
    }

    synchronized void replaceAll(List<BridgeNetwork> newNetworks, List<Endpoint> newEndpoints) {
        networks.clear();
        endpoints.clear();
        newNetworks.forEach(network -> networks.put(network.id(), network));
        newEndpoints.forEach(endpoint -> endpoints.put(endpoint.endpointId(), endpoint));
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(
                networks.values().stream().sorted(Comparator.comparing(BridgeNetwork::bridgeName)).toList(),
                endpoints.values().stream().sorted(Comparator.comparing(Endpoint::endpointId)).toList());
    }
}
