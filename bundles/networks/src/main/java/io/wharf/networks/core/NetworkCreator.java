package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.NetworkDriver;
import io.wharf.networks.ipam.AuxAddresses;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.ipam.Ipv6Plan;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.store.NetworkRecord;
import io.wharf.networks.store.NetworkStore;
import io.wharf.networks.support.Ids;
import io.wharf.support.Times;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/** docker network create: checks the name and driver, plans the subnet, has the driver make it, stores it. */
final class NetworkCreator {
    private final NetworkTable table;
    private final NetworkDrivers drivers;
    private final Ipam ipam;
    private final ExternalIpam externalIpam;
    private final NetworkStore store;
    private final NetworkNames names;
    private final NetworkEvents events;
    private final Clock clock;

    NetworkCreator(NetworkTable table, NetworkDrivers drivers, Ipam ipam, ExternalIpam externalIpam,
                   NetworkStore store, NetworkNames names, NetworkEvents events, Clock clock) {
        this.table = table;
        this.drivers = drivers;
        this.ipam = ipam;
        this.externalIpam = externalIpam;
        this.store = store;
        this.names = names;
        this.events = events;
        this.clock = clock;
    }

    /** Returns the new network's ID. */
    String create(CreateNetwork request) {
        String name = request.name() == null ? "" : request.name();
        if (name.isBlank()) { // kept as given otherwise, spaces included, as dockerd does
            throw EngineException.invalid("invalid name: %s", name);
        }
        if (PredefinedNetworks.NAMES.contains(name)) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    String.format("operation is not permitted on predefined %s network ", name));
        }
        if (table.byName(name) != null) {
            throw EngineException.conflict("network with name %s already exists", name);
        }
        String driverName = request.driver() == null || request.driver().isBlank() ? "bridge" : request.driver();
        if (driverName.equals("host") || driverName.equals("null")) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    String.format("only one instance of \"%s\" network is allowed", driverName));
        }
        NetworkDriver driver = drivers.get(driverName);
        if (driver == null) {
            throw EngineException.notFound("plugin \"%s\" not found", driverName);
        }
        boolean external = !NetworkRecord.DEFAULT_IPAM.equals(request.ipamDriver());
        if (request.enableIpv6() && (external || !driver.needsAddresses())) {
            throw EngineException.invalid(external ? "IPv6 addresses from IPAM driver %s are not supported by Wharf"
                    : "network driver %s does not support IPv6", external ? request.ipamDriver() : driverName);
        }
        if (!request.enableIpv4() && !driverName.equals("bridge")) {
            // only Wharf's bridge driver knows how to plumb an endpoint without an IPv4 address
            throw EngineException.invalid("IPv4 cannot be disabled for network driver %s", driverName);
        }
        boolean ipv4 = driver.needsAddresses() && request.enableIpv4();
        SubnetPlan plan = ipv4 ? AuxAddresses.reserve(name, request.auxAddresses(), external
                ? externalIpam.plan(request.ipamDriver(), request.ipam())
                : ipam.plan(request.ipam(), table.subnetsExcept(null))) : null;
        Ipv6Plan plan6 = AuxAddresses.reserve6(name, request.auxAddresses(), request.enableIpv6()
                ? ipam.v6().plan(request.ipam6(), table.ipv6SubnetsExcept(null)) : null);
        NetworkRecord r = new NetworkRecord(Ids.random(), name, driverName, Times.rfc3339Nano(clock.instant()),
                request.internal(), request.attachable(), request.ipamOptions(),
                plan == null ? null : NetworkRecord.Ipam.of(plan), request.options(), request.labels(), false,
                plan6 == null ? null : NetworkRecord.Ipam6.of(plan6), plan == null ? null : request.ipamDriver());
        try {
            make(driver, r);
        } catch (RuntimeException e) {
            if (r.externalIpam()) {
                externalIpam.releaseNetwork(r);
            }
            throw e;
        }
        add(table, ipam, r);
        names.serve(table.byId(r.id()));
        events.publish("create", r.id(), Map.of("name", name, "type", driverName));
        return r.id();
    }

    /** Has the driver make the network, then stores it; a network that cannot be stored is deleted again. */
    private void make(NetworkDriver driver, NetworkRecord r) {
        try {
            driver.createNetwork(new NetworkState(r).info().spec());
        } catch (IOException e) {
            throw EngineException.system("failed to create network " + r.name() + ": " + e.getMessage(), e);
        }
        try {
            store.save(r);
        } catch (IOException | RuntimeException e) {
            try {
                driver.deleteNetwork(r.id());
            } catch (IOException | RuntimeException ignored) {
                // the driver's next restore removes what is left
            }
            throw EngineException.system("failed to store network " + r.name() + ": " + e.getMessage(), e);
        }
    }

    /** Puts a stored network in the table and its subnet in the address manager. */
    static void add(NetworkTable table, Ipam ipam, NetworkRecord r) {
        table.add(new NetworkState(r));
        if (r.ipam() != null) {
            ipam.addNetwork(r.id(), r.ipam().plan());
        }
        if (r.ipam6() != null) {
            ipam.v6().addNetwork(r.id(), r.ipam6().plan());
        }
    }
}
