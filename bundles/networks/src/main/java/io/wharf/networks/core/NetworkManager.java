package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkService;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.dns.NetworkDns;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import io.wharf.networks.ports.PortAllocator;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import io.wharf.networks.store.NetworkStore;
import io.wharf.networks.support.Ids;
import io.wharf.support.MacAddresses;
import io.wharf.support.Times;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network service: keeps networks and endpoints (in memory and in the {@link NetworkStore}), hands out
 * addresses and host ports, has the drivers make networks and endpoints real, and feeds the embedded DNS.
 * Every operation runs under the instance's lock; drivers are called with it held, the DNS threads never take
 * it.
 */
public final class NetworkManager implements NetworkService {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkManager.class);
    private final NetworkStore store;
    private final Ipam ipam;
    private final PortAllocator ports;
    private final NetworkDns dns;
    private final NetworkEvents events;
    private final Clock clock;
    private final Map<String, NetworkDriver> drivers = new ConcurrentHashMap<>();
    private final NetworkTable table = new NetworkTable();
    private boolean started;

    public NetworkManager(NetworkStore store, Ipam ipam, PortAllocator ports, NetworkDns dns, NetworkEvents events,
                          Clock clock) {
        this.store = store;
        this.ipam = ipam;
        this.ports = ports;
        this.dns = dns;
        this.events = events;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Loads the stored networks and endpoints, makes or updates the predefined networks, releases the
     * endpoints whose container is gone, and brings the drivers already present in line.
     */
    public synchronized void start(PredefinedNetworks predefined) throws IOException {
        Map<String, NetworkRecord> storedPredefined = new HashMap<>();
        for (NetworkRecord r : store.loadNetworks()) {
            if (r.predefined() && PredefinedNetworks.NAMES.contains(r.name())) {
                storedPredefined.put(r.name(), r);
            } else {
                addToTable(r);
            }
        }
        for (NetworkRecord r : predefined.reconcile(storedPredefined, ipam, subnetsExcept(null), clock.instant())) {
            if (!r.equals(storedPredefined.get(r.name()))) {
                store.save(r);
            }
            addToTable(r);
        }
        for (EndpointRecord e : store.loadEndpoints()) {
            NetworkState n = table.byId(e.networkId());
            if (n == null) {
                LOG.info("dropping endpoint {} of network {}, which no longer exists", e.id(), e.networkId());
                deleteQuietly(e);
            } else if (!Sandboxes.isAlive(e.sandboxPath(), e.sandboxInode())) {
                releaseStale(n, e, true);
            } else {
                adopt(n, e);
            }
        }
        started = true;
        for (Map.Entry<String, NetworkDriver> d : drivers.entrySet()) {
            restore(d.getKey(), d.getValue());
        }
    }

    /** Stops the DNS servers; the networks and endpoints stay as they are on the host and on disk. */
    public synchronized void close() {
        started = false;
        dns.close();
    }

    /** A driver appeared: it gets the networks it owns and their live endpoints. */
    public synchronized void driverAdded(String name, NetworkDriver driver) {
        drivers.put(name, driver);
        if (started) {
            restore(name, driver);
        }
    }

    public synchronized void driverRemoved(String name, NetworkDriver driver) {
        if (!drivers.remove(name, driver)) {
            return;
        }
        for (NetworkState n : table.all()) {
            if (n.record().driver().equals(name)) {
                dns.stop(n.id());
            }
        }
    }

    private void restore(String name, NetworkDriver driver) {
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
                    releaseStale(n, e, false);
                }
            }
        }
        try {
            driver.restore(networks, endpoints);
        } catch (IOException | RuntimeException e) {
            LOG.error("network driver {} failed to restore {} networks: {}", name, networks.size(), e.toString(), e);
        }
        for (NetworkState n : table.all()) {
            if (n.record().driver().equals(name) && n.hasDns()) {
                serveDns(n);
            }
        }
        LOG.info("network driver {} restored {} networks with {} endpoints", name, networks.size(),
                endpoints.size());
    }

    private void addToTable(NetworkRecord r) {
        NetworkState n = new NetworkState(r);
        table.add(n);
        if (r.ipam() != null) {
            ipam.addNetwork(r.id(), r.ipam().plan());
        }
    }

    /** Takes back a live endpoint after a restart: its address, ports and names are its own again. */
    private void adopt(NetworkState n, EndpointRecord e) {
        if (e.ipv4Address() != null && n.record().ipam() != null
                && !ipam.restore(n.id(), Ipv4.parse(e.ipv4Address()))) {
            LOG.warn("endpoint {} keeps address {}, which no longer fits network {}", e.id(), e.ipv4Address(),
                    n.record().name());
        }
        ports.restore(e.ports());
        n.endpoints.put(e.id(), e);
        registerNames(n, e);
    }

    /** An endpoint whose container died while the daemon was down (or without telling it). */
    private void releaseStale(NetworkState n, EndpointRecord e, boolean leave) {
        LOG.info("releasing endpoint {} of container {} on network {}: its namespace {} is gone", e.id(),
                e.containerId(), n.record().name(), e.sandboxPath());
        release(n, e, leave, false);
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
        if (request == null || blank(request.containerId())) {
            throw EngineException.invalid("a container ID is required to connect to a network");
        }
        NetworkState n = table.resolve(request.network());
        NetworkRecord net = n.record();
        String containerName = EndpointNames.stripSlash(blank(request.containerName()) ? Ids.shortId(
                request.containerId()) : request.containerName());
        if (blank(request.sandboxPath())) {
            throw EngineException.invalid("container %s has no network namespace to connect", containerName);
        }
        NetworkDriver driver = drivers.get(net.driver());
        if (driver == null) {
            throw EngineException.unavailable("network driver %s is not available", net.driver());
        }
        for (EndpointRecord e : n.endpoints.values()) {
            if (e.containerId().equals(request.containerId()) || e.containerName().equals(containerName)) {
                throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                        "endpoint with name %s already exists in network %s", containerName, net.name()));
            }
        }
        List<String> aliases = EndpointNames.cleanAliases(request.aliases());
        List<String> links = request.links() == null ? List.of() : List.copyOf(request.links());
        Map<String, String> linkAliases = EndpointNames.links(links);
        Integer staticAddress = staticAddress(n, request.ipv4Address());
        String mac = MacAddresses.validate(request.macAddress());
        boolean addressed = driver.needsAddresses();
        // dockerd publishes no ports on internal networks nor for drivers without addresses (host)
        List<ConnectRequest.PortRequest> portRequests = addressed && !net.internal() && request.ports() != null
                ? request.ports() : List.of();
        PortAllocator.validate(portRequests);
        if (addressed && net.ipam() == null) {
            throw EngineException.system("network " + net.name() + " has no addresses for driver " + net.driver(),
                    null);
        }

        String endpointId = Ids.random();
        Integer address = null;
        List<EndpointSpec.PortBinding> bound = List.of();
        try {
            String iface = null;
            String gateway = null;
            int prefix = 0;
            boolean defaultRoute = false;
            if (addressed) {
                SubnetPlan plan = net.ipam().plan();
                address = staticAddress != null ? ipam.reserve(n.id(), staticAddress) : ipam.allocate(n.id());
                iface = nextInterface(request.containerId());
                gateway = Ipv4.format(plan.gateway());
                prefix = plan.subnet().prefix();
                defaultRoute = !net.internal() && !hasDefaultRoute(request.containerId());
                if (mac == null) {
                    mac = MacAddresses.fromIpv4(address);
                }
            }
            bound = ports.allocate(containerName, endpointId, portRequests);
            String ip = address == null ? null : Ipv4.format(address);
            EndpointRecord e = new EndpointRecord(endpointId, n.id(), request.containerId(), containerName,
                    request.sandboxPath(), Sandboxes.inode(request.sandboxPath()), iface, ip, prefix, gateway,
                    defaultRoute, mac, aliases, links, bound, Times.rfc3339Nano(clock.instant()));
            EndpointInfo info = driver.join(e.spec());
            e = withDriverInfo(e, info);
            try {
                store.save(e);
            } catch (IOException | RuntimeException saveFailed) {
                leaveQuietly(driver, n.id(), endpointId);
                throw saveFailed;
            }
            n.endpoints.put(e.id(), e);
            registerNames(n, e);
            events.publish("connect", n.id(), Map.of("container", e.containerId(), "name", net.name(),
                    "type", net.driver()));
            return settings(n, e);
        } catch (IOException | RuntimeException failed) {
            if (address != null) {
                ipam.release(n.id(), address);
            }
            ports.release(bound);
            throw failed;
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
        release(n, e, true, true);
    }

    @Override
    public synchronized void releaseAll(String containerId) {
        if (containerId == null) {
            return;
        }
        for (NetworkState n : table.all()) {
            EndpointRecord e;
            while ((e = n.endpointOf(containerId)) != null) {
                release(n, e, true, true);
            }
        }
    }

    @Override
    public synchronized List<EndpointSettings> endpoints(String containerId) {
        List<EndpointSettings> out = new ArrayList<>();
        for (NetworkState n : table.all()) {
            for (EndpointRecord e : n.endpoints.values()) {
                if (e.containerId().equals(containerId)) {
                    out.add(settings(n, e));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the /networks API

    /** docker network create; returns the new network's ID. */
    public synchronized String create(CreateNetwork request) {
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty()) {
            throw EngineException.invalid("network name must not be empty");
        }
        if (PredefinedNetworks.NAMES.contains(name)) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    String.format("operation is not permitted on predefined %s network ", name));
        }
        if (table.byName(name) != null) {
            throw EngineException.conflict("network with name %s already exists", name);
        }
        String driverName = blank(request.driver()) ? "bridge" : request.driver();
        if (driverName.equals("host") || driverName.equals("null")) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    String.format("only one instance of \"%s\" network is allowed", driverName));
        }
        NetworkDriver driver = drivers.get(driverName);
        if (driver == null) {
            throw EngineException.notFound("plugin \"%s\" not found", driverName);
        }
        SubnetPlan plan = driver.needsAddresses() ? ipam.plan(request.ipam(), subnetsExcept(null)) : null;
        NetworkRecord r = new NetworkRecord(Ids.random(), name, driverName, Times.rfc3339Nano(clock.instant()),
                request.internal(), request.attachable(), request.ipamOptions(),
                plan == null ? null : NetworkRecord.Ipam.of(plan), request.options(), request.labels(), false);
        NetworkState n = new NetworkState(r);
        try {
            driver.createNetwork(n.info().spec());
        } catch (IOException e) {
            throw EngineException.system("failed to create network " + name + ": " + e.getMessage(), e);
        }
        try {
            store.save(r);
        } catch (IOException | RuntimeException e) {
            try {
                driver.deleteNetwork(r.id());
            } catch (IOException | RuntimeException ignored) {
                // the driver's next restore removes what is left
            }
            throw EngineException.system("failed to store network " + name + ": " + e.getMessage(), e);
        }
        addToTable(r);
        if (n.hasDns()) {
            serveDns(table.byId(r.id()));
        }
        events.publish("create", r.id(), Map.of("name", name, "type", driverName));
        return r.id();
    }

    /** docker network rm. */
    public synchronized void remove(String idOrName) {
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
        dns.stop(r.id());
        NetworkDriver driver = drivers.get(r.driver());
        if (driver != null) {
            try {
                driver.deleteNetwork(r.id());
            } catch (IOException | RuntimeException e) {
                if (n.hasDns()) {
                    serveDns(n);
                }
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
        events.publish("destroy", r.id(), Map.of("name", r.name(), "type", r.driver()));
    }

    /** docker network prune: removes the user-defined networks without endpoints that {@code filter} accepts. */
    public synchronized List<String> prune(Predicate<NetworkInfo> filter) {
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
        return new NetworkDetails(n.info(), n.record().ipamOptions(), List.copyOf(n.endpoints.values()));
    }

    // ------------------------------------------------------------------ helpers

    /** Releases everything an endpoint holds; the driver is asked to unplug it when {@code leave} is set. */
    private void release(NetworkState n, EndpointRecord e, boolean leave, boolean publish) {
        if (leave) {
            NetworkDriver driver = drivers.get(n.record().driver());
            if (driver != null) {
                leaveQuietly(driver, n.id(), e.id());
            }
        }
        n.names.remove(e.id());
        if (e.ipv4Address() != null && Ipv4.isValid(e.ipv4Address())) {
            ipam.release(n.id(), Ipv4.parse(e.ipv4Address()));
        }
        ports.release(e.ports());
        n.endpoints.remove(e.id());
        deleteQuietly(e);
        if (publish) {
            events.publish("disconnect", n.id(), Map.of("container", e.containerId(), "name", n.record().name(),
                    "type", n.record().driver()));
        }
    }

    private Integer staticAddress(NetworkState n, String requested) {
        if (blank(requested)) {
            return null;
        }
        if (!Ipv4.isValid(requested.trim())) {
            throw EngineException.invalid("invalid IPv4 address: %s", requested);
        }
        NetworkRecord r = n.record();
        if (r.predefined()) {
            throw EngineException.invalid("user specified IP address is supported on user defined networks only");
        }
        if (r.ipam() == null || !r.ipam().userConfigured()) {
            throw EngineException.invalid("user specified IP address is supported only when connecting to "
                    + "networks with user configured subnets");
        }
        return Ipv4.parse(requested.trim());
    }

    /** {@code eth<N>} with the lowest N the container does not use yet. */
    private String nextInterface(String containerId) {
        Set<String> used = new HashSet<>();
        for (NetworkState n : table.all()) {
            for (EndpointRecord e : n.endpoints.values()) {
                if (e.containerId().equals(containerId) && e.interfaceName() != null) {
                    used.add(e.interfaceName());
                }
            }
        }
        for (int i = 0; ; i++) {
            if (!used.contains("eth" + i)) {
                return "eth" + i;
            }
        }
    }

    /** Only one endpoint of a container carries its default route: the first non-internal one. */
    private boolean hasDefaultRoute(String containerId) {
        for (NetworkState n : table.all()) {
            for (EndpointRecord e : n.endpoints.values()) {
                if (e.containerId().equals(containerId) && e.defaultRoute()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static EndpointRecord withDriverInfo(EndpointRecord e, EndpointInfo info) {
        if (info == null) {
            return e;
        }
        String iface = info.interfaceName() != null ? info.interfaceName() : e.interfaceName();
        String mac = info.macAddress() != null && !info.macAddress().isEmpty() ? info.macAddress() : e.macAddress();
        List<EndpointSpec.PortBinding> bound = info.boundPorts() != null && !info.boundPorts().isEmpty()
                ? info.boundPorts() : e.ports();
        return new EndpointRecord(e.id(), e.networkId(), e.containerId(), e.containerName(), e.sandboxPath(),
                e.sandboxInode(), iface, e.ipv4Address(), e.prefixLength(), e.gateway(), e.defaultRoute(), mac,
                e.aliases(), e.links(), bound, e.created());
    }

    private void registerNames(NetworkState n, EndpointRecord e) {
        if (n.hasDns() && e.ipv4Address() != null) {
            try {
                n.names.add(e.id(), Ipv4.parse(e.ipv4Address()),
                        EndpointNames.dnsNames(e.containerName(), e.containerId(), e.aliases()),
                        EndpointNames.links(e.links()));
            } catch (RuntimeException ex) {
                LOG.warn("endpoint {}: cannot register its DNS names: {}", e.id(), ex.getMessage());
            }
        }
    }

    private void serveDns(NetworkState n) {
        NetworkRecord r = n.record();
        dns.serve(r.id(), r.ipam().gateway(), r.ipam().subnet(), n.names, !r.internal());
    }

    private static EndpointSettings settings(NetworkState n, EndpointRecord e) {
        List<String> dnsNames = n.hasDns() ? EndpointNames.dnsNames(e.containerName(), e.containerId(), e.aliases())
                : List.of();
        return new EndpointSettings(n.id(), n.record().name(), e.id(), e.containerId(), e.containerName(),
                orEmpty(e.ipv4Address()), e.prefixLength(), orEmpty(e.gateway()), orEmpty(e.macAddress()),
                e.aliases(), dnsNames, e.ports());
    }

    /** The subnets of every network but one, which new subnets must not overlap. */
    private List<Cidr> subnetsExcept(String networkId) {
        List<Cidr> subnets = new ArrayList<>();
        for (NetworkState n : table.all()) {
            if (!n.id().equals(networkId) && n.record().ipam() != null) {
                subnets.add(n.record().ipam().plan().subnet());
            }
        }
        return subnets;
    }

    private static void leaveQuietly(NetworkDriver driver, String networkId, String endpointId) {
        try {
            driver.leave(networkId, endpointId);
        } catch (IOException | RuntimeException e) {
            LOG.warn("network driver {} failed to remove endpoint {}: {}", driver.name(), endpointId, e.toString());
        }
    }

    private void deleteQuietly(EndpointRecord e) {
        try {
            store.delete(e);
        } catch (IOException ex) {
            LOG.error("cannot delete the state of endpoint {}: {}", e.id(), ex.toString());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
