package io.wharf.networks.core;

import io.wharf.api.network.NetworkDriver;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkStore;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the endpoint that carried a running container's default route is disconnected, the container's next
 * endpoint that can carry one (addressed, with a gateway, not on an internal network, not routing already) takes
 * it over, as dockerd moves the gateway endpoint. Without one the container is left without a default route.
 */
final class DefaultRouteMover {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultRouteMover.class);
    /** eth0 before eth1 before eth10: the oldest remaining endpoint first. */
    static final Comparator<EndpointRecord> BY_INTERFACE = Comparator
            .comparing((EndpointRecord e) -> e.interfaceName() == null ? Integer.MAX_VALUE : interfaceNumber(e))
            .thenComparing(EndpointRecord::id);
    private final NetworkTable table;
    private final NetworkDrivers drivers;
    private final NetworkStore store;

    DefaultRouteMover(NetworkTable table, NetworkDrivers drivers, NetworkStore store) {
        this.table = table;
        this.drivers = drivers;
        this.store = store;
    }

    /** Called after {@code gone} was released. */
    void afterDisconnect(EndpointRecord gone) {
        if (!gone.defaultRoute()) {
            return;
        }
        List<EndpointRecord> left = table.endpointsOf(gone.containerId()).stream().sorted(BY_INTERFACE).toList();
        for (EndpointRecord e : left) {
            NetworkState n = table.byId(e.networkId());
            NetworkDriver driver = n == null ? null : drivers.find(n.record().driver());
            // one that routes already carries the other family (beside an IPv6-only network)
            if (driver == null || n.record().internal() || !routable(e) || e.defaultRoute()) {
                continue;
            }
            EndpointRecord moved = e.withDefaultRoute();
            try {
                driver.routeDefault(moved.spec());
            } catch (IOException | RuntimeException ex) {
                LOG.warn("container {}: cannot route its default traffic through network {}: {}", e.containerId(),
                        n.record().name(), ex.toString());
                continue;
            }
            n.endpoints.put(moved.id(), moved);
            try {
                store.save(moved);
            } catch (IOException ex) {
                LOG.error("cannot store endpoint {}: {}", moved.id(), ex.toString());
            }
            return;
        }
    }

    /** An endpoint with a gateway of its own family: IPv4, or IPv6 on an IPv6-only network. */
    private static boolean routable(EndpointRecord e) {
        return e.gateway() != null && e.ipv4Address() != null || e.ipv6Gateway() != null && e.ipv6Address() != null;
    }

    private static int interfaceNumber(EndpointRecord e) {
        String digits = e.interfaceName().replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
