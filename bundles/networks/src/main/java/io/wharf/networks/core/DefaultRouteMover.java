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
 * When the endpoint that carried a running container's default route of a family (IPv4, IPv6) is disconnected, the
 * container's next endpoint that can carry that one (with an address and a gateway of the family, not on an internal
 * network) takes it over, as dockerd moves the gateway endpoint of each family. Without one the container is left
 * without a default route of that family.
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
        boolean need4 = gone.routesIpv4();
        boolean need6 = gone.routesIpv6();
        List<EndpointRecord> left = table.endpointsOf(gone.containerId()).stream().sorted(BY_INTERFACE).toList();
        for (EndpointRecord e : left) {
            NetworkState n = table.byId(e.networkId());
            NetworkDriver driver = n == null ? null : drivers.find(n.record().driver());
            if (driver == null || n.record().internal()) {
                continue;
            }
            boolean take4 = need4 && e.canRoute(false) && !e.routesIpv4();
            boolean take6 = need6 && e.canRoute(true) && !e.routesIpv6();
            if (!take4 && !take6) {
                continue;
            }
            // the spec holds every family the endpoint routes: replacing one it had already changes nothing
            EndpointRecord moved = e.withDefaultRoutes(take4, take6);
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
            need4 &= !take4;
            need6 &= !take6;
        }
    }

    private static int interfaceNumber(EndpointRecord e) {
        String digits = e.interfaceName().replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
