package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkInfo;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.store.NetworkRecord;
import io.wharf.networks.store.NetworkStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docker network rm and docker network prune. */
final class NetworkRemover {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkRemover.class);
    private final NetworkTable table;
    private final NetworkDrivers drivers;
    private final Ipam ipam;
    private final ExternalIpam externalIpam;
    private final NetworkStore store;
    private final NetworkNames names;
    private final NetworkEvents events;

    NetworkRemover(NetworkTable table, NetworkDrivers drivers, Ipam ipam, ExternalIpam externalIpam,
                   NetworkStore store, NetworkNames names, NetworkEvents events) {
        this.table = table;
        this.drivers = drivers;
        this.ipam = ipam;
        this.externalIpam = externalIpam;
        this.store = store;
        this.names = names;
        this.events = events;
    }

    /** Only user-defined networks without endpoints go; the DNS server comes back if the driver refuses. */
    void remove(String idOrName) {
        NetworkState n = table.resolve(idOrName);
        NetworkRecord r = n.record();
        if (r.predefined()) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    String.format("%s is a pre-defined network and cannot be removed", r.name()));
        }
        if (!n.endpoints.isEmpty()) {
            throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                    "error while removing network: network %s id %s has active endpoints", r.name(), r.id()));
        }
        names.stop(r.id());
        NetworkDriver driver = drivers.find(r.driver());
        if (driver != null) {
            try {
                driver.deleteNetwork(r.id());
            } catch (IOException | RuntimeException e) {
                names.serve(n);
                throw EngineException.system("error while removing network: " + e.getMessage(), e);
            }
        }
        try {
            store.delete(r);
        } catch (IOException e) {
            throw EngineException.system("error while removing network: " + e.getMessage(), e);
        }
        table.remove(r.id());
        ipam.removeNetwork(r.id());
        if (r.externalIpam()) {
            externalIpam.releaseNetwork(r);
        }
        ipam.v6().removeNetwork(r.id());
        events.publish("destroy", r.id(), Map.of("name", r.name(), "type", r.driver()));
    }

    /** Removes the user-defined networks without endpoints that {@code filter} accepts; returns their names. */
    List<String> prune(Predicate<NetworkInfo> filter) {
        List<String> removed = new ArrayList<>();
        for (NetworkState n : List.copyOf(table.all())) {
            NetworkInfo info = n.info();
            if (info.predefined() || !n.endpoints.isEmpty() || !filter.test(info)) {
                continue;
            }
            try {
                remove(n.id());
                removed.add(info.name());
            } catch (EngineException e) {
                LOG.warn("cannot prune network {}: {}", info.name(), e.getMessage());
            }
        }
        events.publish("prune", "", Map.of("reclaimed", "0"));
        return removed;
    }
}
