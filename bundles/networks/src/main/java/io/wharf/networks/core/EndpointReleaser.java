package io.wharf.networks.core;

import io.wharf.api.network.NetworkDriver;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import io.wharf.networks.ports.PortAllocator;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkStore;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back everything an endpoint holds (its address, host ports, DNS names, stored state) on disconnect, on
 * container removal and for endpoints whose container died while nobody watched. Failures of the driver or the
 * store are logged, never thrown: the endpoint is gone for the caller either way.
 */
final class EndpointReleaser {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointReleaser.class);
    private final NetworkDrivers drivers;
    private final Ipam ipam;
    private final ExternalIpam externalIpam;
    private final PortAllocator ports;
    private final NetworkStore store;
    private final NetworkNames names;
    private final NetworkEvents events;

    EndpointReleaser(NetworkDrivers drivers, Ipam ipam, ExternalIpam externalIpam, PortAllocator ports,
                     NetworkStore store, NetworkNames names, NetworkEvents events) {
        this.drivers = drivers;
        this.ipam = ipam;
        this.externalIpam = externalIpam;
        this.ports = ports;
        this.store = store;
        this.names = names;
        this.events = events;
    }

    /** docker network disconnect, or the container is gone: the driver unplugs it and a disconnect event tells. */
    void disconnect(NetworkState n, EndpointRecord e) {
        release(n, e, true, true);
    }

    /**
     * An endpoint whose container died while the daemon was down (or without telling it); {@code leave} asks the
     * driver to unplug it, which a driver's restore does by itself for endpoints it is not given.
     */
    void releaseStale(NetworkState n, EndpointRecord e, boolean leave) {
        LOG.info("releasing endpoint {} of container {} on network {}: its namespace {} is gone", e.id(),
                e.containerId(), n.record().name(), e.sandboxPath());
        release(n, e, leave, false);
    }

    private void release(NetworkState n, EndpointRecord e, boolean leave, boolean publish) {
        if (leave) {
            NetworkDriver driver = drivers.find(n.record().driver());
            if (driver != null) {
                leaveQuietly(driver, n.id(), e.id());
            }
        }
        names.unregister(n, e);
        if (e.ipv4Address() != null && Ipv4.isValid(e.ipv4Address())) {
            ipam.release(n.id(), Ipv4.parse(e.ipv4Address()));
            if (n.record().externalIpam()) {
                externalIpam.release(n.record(), Ipv4.parse(e.ipv4Address()));
            }
        }
        if (e.ipv6Address() != null && Ipv6.isValid(e.ipv6Address())) {
            ipam.v6().release(n.id(), Ipv6.parse(e.ipv6Address()));
        }
        ports.release(e.ports());
        n.endpoints.remove(e.id());
        deleteQuietly(e);
        if (publish) {
            events.publish("disconnect", n.id(), Map.of("container", e.containerId(), "name", n.record().name(),
                    "type", n.record().driver()));
        }
    }

    static void leaveQuietly(NetworkDriver driver, String networkId, String endpointId) {
        try {
            driver.leave(networkId, endpointId);
        } catch (IOException | RuntimeException e) {
            LOG.warn("network driver {} failed to remove endpoint {}: {}", driver.name(), endpointId, e.toString());
        }
    }

    void deleteQuietly(EndpointRecord e) {
        try {
            store.delete(e);
        } catch (IOException ex) {
            LOG.error("cannot delete the state of endpoint {}: {}", e.id(), ex.toString());
        }
    }
}
