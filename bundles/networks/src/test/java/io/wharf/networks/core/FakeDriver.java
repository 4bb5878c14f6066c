package io.wharf.networks.core;

import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A driver that records what it is asked and can be told to fail. */
public final class FakeDriver implements NetworkDriver {
    private final String name;
    private final boolean addresses;
    public final Map<String, NetworkSpec> networks = new LinkedHashMap<>();
    public final Map<String, EndpointSpec> endpoints = new LinkedHashMap<>();
    public final List<String> calls = new ArrayList<>();
    public List<NetworkSpec> restoredNetworks;
    public List<EndpointSpec> restoredEndpoints;
    public boolean failJoin;
    public boolean failDelete;

    public FakeDriver(String name, boolean addresses) {
        this.name = name;
        this.addresses = addresses;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean needsAddresses() {
        return addresses;
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        calls.add("create " + spec.name());
        networks.put(spec.id(), spec);
    }

    @Override
    public void deleteNetwork(String networkId) throws IOException {
        calls.add("delete " + networkId);
        if (failDelete) {
            throw new IOException("device busy");
        }
        networks.remove(networkId);
    }

    @Override
    public EndpointInfo join(EndpointSpec endpoint) throws IOException {
        calls.add("join " + endpoint.containerId());
        if (failJoin) {
            throw new IOException("cannot move veth into namespace");
        }
        endpoints.put(endpoint.endpointId(), endpoint);
        return new EndpointInfo(endpoint.interfaceName(), endpoint.ipv4Address(), endpoint.prefixLength(),
                endpoint.gateway(), endpoint.macAddress(), endpoint.ports());
    }

    @Override
    public void leave(String networkId, String endpointId) {
        calls.add("leave " + endpointId);
        endpoints.remove(endpointId);
    }

    @Override
    public void routeDefault(EndpointSpec endpoint) {
        calls.add("route " + endpoint.endpointId() + " via " + endpoint.gateway()
                + (endpoint.ipv6Gateway() == null ? "" : " and " + endpoint.ipv6Gateway()));
        endpoints.put(endpoint.endpointId(), endpoint);
    }

    @Override
    public void restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints) {
        calls.add("restore");
        restoredNetworks = List.copyOf(networks);
        restoredEndpoints = List.copyOf(endpoints);
        this.networks.clear();
        networks.forEach(n -> this.networks.put(n.id(), n));
        this.endpoints.clear();
        endpoints.forEach(e -> this.endpoints.put(e.endpointId(), e));
    }
}
