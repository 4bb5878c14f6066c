package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkService;
import io.wharf.networks.dns.NetworkDns;
import io.wharf.networks.ipam.Ipam;
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
import java.util.function.Predicate;

/**
 * The network service: keeps networks and endpoints (in memory and in the {@link NetworkStore}), hands out
 * addresses and host ports, has the drivers make networks and endpoints real, and feeds the embedded DNS. Each
 * verb lives in its own class ({@link NetworkCreator}, {@link NetworkRemover}, {@link EndpointConnector},
 * {@link EndpointReleaser}, {@link NetworkRestorer}); this class holds the lock they all run under. Drivers are
 * called with it held, the DNS threads never take it.
 */
public final class NetworkManager implements NetworkService {
    private final NetworkDrivers drivers;
    private final NetworkTable table = new NetworkTable();
    private final NetworkNames names;
    private final EndpointReleaser releaser;
    private final EndpointConnector connector;
    private final DefaultRouteMover routes;
    private final NetworkCreator creator;
    private final NetworkRemover remover;
    /** How long a connect waits for a driver that went away to come back (its bundle being updated). */
    static final long DRIVER_RETURN_MILLIS = 10_000;
    private long driverReturnMillis = DRIVER_RETURN_MILLIS;
    /** Drivers that went away while the service ran and have not come back (guarded by this). */
    private final java.util.Set<String> replaced = new java.util.HashSet<>();
    private final NetworkRestorer restorer;
    private boolean started;

    /** Without plugins: only the drivers handed to {@link #driverAdded}, and Wharf's own IPAM. */
    public NetworkManager(NetworkStore store, Ipam ipam, PortAllocator ports, NetworkDns dns, NetworkEvents events,
                          Clock clock) {
        this(store, ipam, ports, dns, events, clock, new NetworkDrivers(), new ExternalIpam());
    }

    /**
     * @param drivers      where drivers handed to {@link #driverAdded} go, and whose resolvers find plugins
     * @param externalIpam the IPAM drivers other than Wharf's own ({@code --ipam-driver})
     */
    public NetworkManager(NetworkStore store, Ipam ipam, PortAllocator ports, NetworkDns dns, NetworkEvents events,
                          Clock clock, NetworkDrivers drivers, ExternalIpam externalIpam) {
        this.drivers = drivers;
        this.names = new NetworkNames(dns);
        this.releaser = new EndpointReleaser(drivers, ipam, externalIpam, ports, store, names, events);
        this.connector = new EndpointConnector(table, drivers, ipam, externalIpam, ports, store, names, events,
                clock);
        this.routes = new DefaultRouteMover(table, drivers, store);
        this.creator = new NetworkCreator(table, drivers, ipam, externalIpam, store, names, events, clock);
        this.remover = new NetworkRemover(table, drivers, ipam, externalIpam, store, names, events);
        this.restorer = new NetworkRestorer(table, ipam, ports, store, names, releaser, clock);
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Loads the stored networks and endpoints, makes or updates the predefined networks, releases the
     * endpoints whose container is gone, and brings the drivers already present in line.
     */
    public synchronized void start(PredefinedNetworks predefined) throws IOException {
        restorer.load(predefined);
        started = true;
        drivers.forEachRegistered(restorer::restore);
    }

    /** Stops the DNS servers; the networks and endpoints stay as they are on the host and on disk. */
    public synchronized void close() {
        started = false;
        names.closeAll();
    }

    /** A driver appeared: it gets the networks it owns and their live endpoints. */
    public synchronized void driverAdded(String name, NetworkDriver driver) {
        drivers.put(name, driver);
        if (started) {
            restorer.restore(name, driver);
        }
        replaced.remove(name);
        notifyAll();
    }

    public synchronized void driverRemoved(String name, NetworkDriver driver) {
        if (drivers.remove(name, driver)) {
            restorer.driverGone(name);
            replaced.add(name);
        }
    }

    // ------------------------------------------------------------------ NetworkService

    @Override
    public synchronized NetworkInfo get(String idOrName) {
        return table.resolve(idOrName).info();
    }

    @Override
    public synchronized List<NetworkInfo> list() {
        List<NetworkInfo> all = new ArrayList<>();
        for (NetworkState n : table.all()) {
            all.add(n.info());
        }
        return all;
    }

    @Override
    public synchronized EndpointSettings connect(ConnectRequest request) throws IOException {
        if (request != null) {
            awaitReplacedDriver(request.network());
        }
        return connector.connect(request);
    }

    /**
     * A driver whose bundle is being replaced ({@code Bundle.update}) is gone for a moment: a container started
     * then waits for it, up to {@link #DRIVER_RETURN_MILLIS}, instead of failing. {@code wait} releases this
     * lock, so {@link #driverAdded} can run meanwhile.
     */
    synchronized void driverReturnMillis(long millis) {
        driverReturnMillis = millis; // tests: a driver that stays away
    }

    private void awaitReplacedDriver(String network) {
        String driver;
        try {
            driver = table.resolve(network).record().driver();
        } catch (RuntimeException e) {
            return; // the connector reports an unknown network
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(driverReturnMillis);
        while (replaced.contains(driver)) {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void disconnect(String network, String containerId) throws IOException {
        NetworkState n = table.resolve(network);
        EndpointRecord e = containerId == null ? null : n.endpointOf(containerId);
        if (e == null) {
            throw EngineException.notFound("container %s is not connected to network %s", containerId,
                    n.record().name());
        }
        releaser.disconnect(n, e);
        routes.afterDisconnect(e);
    }

    @Override
    public synchronized void releaseAll(String containerId) {
        if (containerId == null) {
            return;
        }
        for (NetworkState n : table.all()) {
            EndpointRecord e;
            while ((e = n.endpointOf(containerId)) != null) {
                releaser.disconnect(n, e);
            }
        }
    }

    @Override
    public synchronized List<EndpointSettings> endpoints(String containerId) {
        List<EndpointSettings> out = new ArrayList<>();
        for (NetworkState n : table.all()) {
            for (EndpointRecord e : n.endpoints.values()) {
                if (e.containerId().equals(containerId)) {
                    out.add(n.settings(e));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the /networks API

    /** docker network create; returns the new network's ID. */
    public synchronized String create(CreateNetwork request) {
        return creator.create(request);
    }

    /** docker network rm. */
    public synchronized void remove(String idOrName) {
        remover.remove(idOrName);
    }

    /** docker network prune: removes the user-defined networks without endpoints that {@code filter} accepts. */
    public synchronized List<String> prune(Predicate<NetworkInfo> filter) {
        return remover.prune(filter);
    }

    /** A network with its endpoints, for docker network inspect. */
    public synchronized NetworkDetails details(String idOrName) {
        return details(table.resolve(idOrName));
    }

    public synchronized List<NetworkDetails> allDetails() {
        List<NetworkDetails> all = new ArrayList<>();
        for (NetworkState n : table.all()) {
            all.add(details(n));
        }
        return all;
    }

    private static NetworkDetails details(NetworkState n) {
        NetworkRecord.Ipam ipam = n.record().ipam();
        NetworkRecord.Ipam6 ipam6 = n.record().ipam6();
        Map<String, String> aux = new HashMap<>(ipam == null ? Map.of() : ipam.auxAddresses());
        aux.putAll(ipam6 == null ? Map.of() : ipam6.auxAddresses());
        return new NetworkDetails(n.info(), n.record().ipamOptions(), List.copyOf(n.endpoints.values()), aux);
    }
}
