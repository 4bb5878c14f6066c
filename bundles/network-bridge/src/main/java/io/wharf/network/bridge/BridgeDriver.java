package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's bridge driver: a Linux bridge per network, a veth pair per endpoint, and one nftables table for NAT,
 * published ports and isolation. State is in memory ({@link DriverState}); commands run outside its lock, so
 * concurrent joins only serialize on the nft apply, which a join without published ports does not need.
 */
class BridgeDriver implements NetworkDriver {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeDriver.class);

    private final BridgeNetwork.Defaults defaults;
    private final HostNetwork host;
    private final NftFirewall firewall;
    private final Sysctls sysctls;
    private final CreatedBridges created;
    private final LoopbackProxies proxies;
    private final DriverState state = new DriverState();

    BridgeDriver(BridgeNetwork.Defaults defaults, HostNetwork host, NftFirewall firewall, Sysctls sysctls,
                 CreatedBridges created, LoopbackProxies proxies) {
        this.defaults = defaults;
        this.host = host;
        this.firewall = firewall;
        this.sysctls = sysctls;
        this.created = created;
        this.proxies = proxies;
    }

    BridgeDriver(BridgeNetwork.Defaults defaults, HostNetwork host, NftFirewall firewall, Sysctls sysctls,
                 CreatedBridges created) {
        this(defaults, host, firewall, sysctls, created, new LoopbackProxies());
    }

    /** Stops serving ports on [::1] (the driver is going away; the nft table stays for the next one). */
    void closeProxies() {
        proxies.close();
    }

    /** Brings the nft table and the [::1] listeners in line with the state. */
    private void publish() throws IOException {
        try {
            firewall.sync(state::snapshot);
        } finally {
            proxies.sync(state::snapshot);
        }
    }

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public void createNetwork(NetworkSpec spec) throws IOException {
        BridgeNetwork network = BridgeNetwork.of(spec, defaults);
        BridgeNetwork previous = state.network(network.id());
        state.putNetwork(network);
        try {
            setUpBridge(network);
            publish();
        } catch (IOException | RuntimeException e) {
            if (previous == null) {
                state.removeNetwork(network.id());
            } else {
                state.putNetwork(previous);
            }
            throw e;
        }
    }

    @Override
    public void deleteNetwork(String networkId) throws IOException {
        DriverState.Removed removed = state.removeNetwork(networkId);
        if (removed == null) {
            LOG.debug("network {} is not known to the bridge driver, nothing to delete", networkId);
            return;
        }
        host.deleteLinks(removed.endpoints().stream().map(Endpoint::vethName).toList());
        try {
            publish();
        } finally {
            // rules left behind by a failed apply match a name only, so the bridge goes either way
            String bridge = removed.network().bridgeName();
            if (created.contains(bridge)) {
                host.deleteLinks(List.of(bridge));
                created.removeAll(Set.of(bridge));
            }
        }
    }

    @Override
    public EndpointInfo join(EndpointSpec spec) throws IOException {
        Endpoint endpoint = Endpoint.of(spec);
        BridgeNetwork network = state.network(endpoint.networkId());
        if (network == null) {
            throw EngineException.notFound("network %s not found", spec.networkId());
        }
        state.addEndpoint(endpoint);
        try {
            host.plug(endpoint, network); // cleans up after itself
        } catch (IOException | RuntimeException e) {
            state.removeEndpoint(endpoint.endpointId());
            throw e;
        }
        if (!endpoint.ports().isEmpty()) {
            try {
                publish();
            } catch (IOException | RuntimeException e) {
                state.removeEndpoint(endpoint.endpointId());
                unplug(endpoint, e);
                throw e;
            }
        }
        return new EndpointInfo(endpoint.interfaceName(), endpoint.ipv4Address(), endpoint.prefixLength(),
                endpoint.gateway(), endpoint.macAddress(), spec.ports() == null ? List.of() : spec.ports());
    }

    /** Undoes a join whose ports could not be published: the pair goes, the rules follow the state again. */
    private void unplug(Endpoint endpoint, Exception failure) {
        try {
            host.deleteLinks(List.of(endpoint.vethName()));
            publish();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void leave(String networkId, String endpointId) throws IOException {
        Endpoint endpoint = state.removeEndpoint(endpointId);
        // unknown endpoints are cleaned up by name too: leave must make sure nothing stays behind
        host.deleteLinks(List.of(endpoint == null ? InterfaceNames.veth(endpointId) : endpoint.vethName()));
        if (endpoint != null && !endpoint.ports().isEmpty()) {
            publish();
        }
    }

    @Override
    public void routeDefault(EndpointSpec spec) throws IOException {
        Endpoint endpoint = Endpoint.of(spec);
        if (endpoint.gateway() == null && endpoint.ipv6Gateway() == null) {
            throw EngineException.invalid("endpoint %s: no gateway to route through", spec.endpointId());
        }
        if (!state.replaceEndpoint(endpoint)) {
            throw EngineException.notFound("endpoint %s not found", spec.endpointId());
        }
        host.routeDefault(endpoint);
    }

    /**
     * Takes the service's networks and endpoints as the whole truth: bridges are made to exist, the table is
     * rewritten, and what the driver made for anything not listed goes (endpoint veths on its bridges, bridges
     * it created). An entry that cannot be restored is logged and skipped so that the others still work.
     */
    @Override
    public void restore(List<NetworkSpec> networkSpecs, List<EndpointSpec> endpointSpecs) throws IOException {
        List<BridgeNetwork> networks = new ArrayList<>();
        Set<String> networkIds = new HashSet<>();
        Set<String> bridges = new HashSet<>();
        for (NetworkSpec spec : networkSpecs) {
            try {
                BridgeNetwork network = BridgeNetwork.of(spec, defaults);
                if (bridges.add(network.bridgeName()) && networkIds.add(network.id())) {
                    networks.add(network);
                } else {
                    LOG.warn("not restoring network {}: its bridge {} is used by another one", spec.id(),
                            network.bridgeName());
                }
            } catch (EngineException e) {
                LOG.warn("not restoring network {}: {}", spec.id(), e.getMessage());
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (EndpointSpec spec : endpointSpecs) {
            try {
                Endpoint endpoint = Endpoint.of(spec);
                if (networkIds.contains(endpoint.networkId())) {
                    endpoints.add(endpoint);
                }
            } catch (EngineException e) {
                LOG.warn("not restoring endpoint {}: {}", spec.endpointId(), e.getMessage());
            }
        }
        state.replaceAll(networks, endpoints);

        IOException failure = null;
        for (BridgeNetwork network : networks) {
            try {
                setUpBridge(network);
            } catch (IOException e) {
                LOG.warn("cannot restore the bridge of network {}: {}", network.id(), e.getMessage());
                failure = failure == null ? e : failure;
            }
        }
        removeLeftovers(bridges, endpoints.stream().map(Endpoint::vethName).collect(HashSet::new, Set::add,
                Set::addAll));
        publish();
        if (failure != null) {
            throw failure;
        }
    }

    /** Unlisted endpoint veths on the driver's bridges, then the bridges it created for networks now gone. */
    private void removeLeftovers(Set<String> liveBridges, Set<String> liveVeths) throws IOException {
        Set<String> deadBridges = new HashSet<>(created.all());
        deadBridges.removeAll(liveBridges);
        Set<String> scanned = new HashSet<>(liveBridges);
        scanned.addAll(deadBridges);
        List<String> doomed = new ArrayList<>();
        for (String bridge : scanned) {
            for (String port : host.links().bridgePorts(bridge)) {
                if (InterfaceNames.isEndpointVeth(port) && !liveVeths.contains(port)) {
                    doomed.add(port);
                }
            }
        }
        doomed.addAll(deadBridges.stream().filter(host.links()::isBridge).sorted().toList());
        if (!doomed.isEmpty()) {
            LOG.info("removing leftover interfaces {}", doomed);
        }
        host.deleteLinks(doomed);
        created.removeAll(deadBridges);
    }

    /** The bridge and the kernel settings it needs; a bridge is recorded before it is made so no crash leaks it. */
    private void setUpBridge(BridgeNetwork network) throws IOException {
        String bridge = network.bridgeName();
        boolean missing = !host.links().exists(bridge);
        if (missing) {
            created.add(bridge);
        }
        try {
            host.ensureBridge(network);
        } catch (IOException | RuntimeException e) {
            if (missing && !host.links().exists(bridge)) {
                created.removeAll(Set.of(bridge));
            }
            throw e;
        }
        sysctls.enableIpForwarding();
        if (network.hasIpv6()) {
            sysctls.enableIpv6(bridge);
            host.addBridgeIpv6(network);
            sysctls.enableIpv6Forwarding();
        }
        if (firewall.enabled()) {
            sysctls.enableRouteLocalnet(bridge);
            if (!network.icc()) {
                sysctls.enableBridgeNetfilter();
            }
        }
    }
}
