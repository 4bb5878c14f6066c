package io.wharf.networks.core;

import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import io.wharf.networks.ports.PortAllocator;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import io.wharf.networks.store.NetworkStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the networks back after a daemon restart: loads the stored networks and endpoints, makes or updates the
 * predefined networks, releases the endpoints whose container is gone, and hands each driver, when it appears,
 * the networks it owns and their live endpoints.
 */
final class NetworkRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkRestorer.class);
    private final NetworkTable table;
    private final Ipam ipam;
    private final PortAllocator ports;
    private final NetworkStore store;
    private final NetworkNames names;
    private final EndpointReleaser releaser;
    private final Clock clock;

    NetworkRestorer(NetworkTable table, Ipam ipam, PortAllocator ports, NetworkStore store, NetworkNames names,
                    EndpointReleaser releaser, Clock clock) {
        this.table = table;
        this.ipam = ipam;
        this.ports = ports;
        this.store = store;
        this.names = names;
        this.releaser = releaser;
        this.clock = clock;
    }

    void load(PredefinedNetworks predefined) throws IOException {
        Map<String, NetworkRecord> storedPredefined = new HashMap<>();
        for (NetworkRecord r : store.loadNetworks()) {
            if (r.predefined() && PredefinedNetworks.NAMES.contains(r.name())) {
                storedPredefined.put(r.name(), r);
            } else {
                NetworkCreator.add(table, ipam, r);
            }
        }
        for (NetworkRecord r : predefined.reconcile(storedPredefined, ipam, table.subnetsExcept(null),
                table.ipv6SubnetsExcept(null), clock.instant())) {
            if (!r.equals(storedPredefined.get(r.name()))) {
                store.save(r);
            }
            NetworkCreator.add(table, ipam, r);
        }
        for (EndpointRecord e : store.loadEndpoints()) {
            NetworkState n = table.byId(e.networkId());
            if (n == null) {
                LOG.info("dropping endpoint {} of network {}, which no longer exists", e.id(), e.networkId());
                releaser.deleteQuietly(e);
            } else if (!Sandboxes.isAlive(e.sandboxPath(), e.sandboxInode())) {
                releaser.releaseStale(n, e, true);
            } else {
                adopt(n, e);
            }
        }
    }

    /** Takes back a live endpoint after a restart: its address, ports and names are its own again. */
    private void adopt(NetworkState n, EndpointRecord e) {
        if (e.ipv4Address() != null && n.record().ipam() != null
                && !ipam.restore(n.id(), Ipv4.parse(e.ipv4Address()))) {
            LOG.warn("endpoint {} keeps address {}, which no longer fits network {}", e.id(), e.ipv4Address(),
                    n.record().name());
        }
        if (e.ipv6Address() != null && n.record().ipam6() != null
                && !ipam.v6().restore(n.id(), Ipv6.parse(e.ipv6Address()))) {
            LOG.warn("endpoint {} keeps address {}, which no longer fits network {}", e.id(), e.ipv6Address(),
                    n.record().name());
        }
        ports.restore(e.ports());
        n.endpoints.put(e.id(), e);
        names.register(n, e);
    }

    /** A driver appeared: it gets the networks it owns and their live endpoints, and their DNS servers start. */
    void restore(String name, NetworkDriver driver) {
        List<NetworkSpec> networks = new ArrayList<>();
        List<EndpointSpec> endpoints = new ArrayList<>();
        for (NetworkState n : table.all()) {
            if (!n.record().driver().equals(name)) {
                continue;
            }
            networks.add(n.info().spec());
            for (EndpointRecord e : List.copyOf(n.endpoints.values())) {
                if (Sandboxes.isAlive(e.sandboxPath(), e.sandboxInode())) {
                    endpoints.add(e.spec());
                } else {
                    // the driver's restore removes the host side of endpoints it is not given
                    releaser.releaseStale(n, e, false);
                }
            }
        }
        try {
            driver.restore(networks, endpoints);
        } catch (IOException | RuntimeException e) {
            LOG.error("network driver {} failed to restore {} networks: {}", name, networks.size(), e.toString(), e);
        }
        for (NetworkState n : table.all()) {
            if (n.record().driver().equals(name)) {
                names.serve(n);
            }
        }
        LOG.info("network driver {} restored {} networks with {} endpoints", name, networks.size(),
                endpoints.size());
    }

    /** The driver went away: its networks' DNS servers stop; networks and endpoints stay on the host and disk. */
    void driverGone(String name) {
        for (NetworkState n : table.all()) {
            if (n.record().driver().equals(name)) {
                names.stop(n.id());
            }
        }
    }
}
