package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkService;
import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.create.PortSpecs;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.model.NetworkingConfig;
import io.wharf.containers.store.Container;
import io.wharf.support.Ipv6;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container side of networking: which networks a container is on (kept in its record, as Docker keeps
 * NetworkSettings.Networks), connecting them through the network service when it starts, releasing them when
 * it stops, and docker network connect/disconnect.
 */
public final class ContainerNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerNetworks.class);
    private static final String IPV4 = "\\d{1,3}(\\.\\d{1,3}){3}";
    private final Supplier<NetworkService> service;

    public ContainerNetworks(Supplier<NetworkService> service) {
        this.service = service;
    }

    NetworkService service() {
        NetworkService s = service.get();
        if (s == null) {
            throw EngineException.unavailable("networking is not available: the networks bundle is not running");
        }
        return s;
    }

    /** The networks a new container is on, from its network mode and NetworkingConfig.EndpointsConfig. */
    public Map<String, EndpointRecord> initial(NetworkMode mode, NetworkingConfig networkingConfig) {
        Map<String, EndpointRecord> requested = new LinkedHashMap<>(networkingConfig.endpointsConfig());
        Map<String, EndpointRecord> result = new LinkedHashMap<>();
        switch (mode.kind()) {
            case CONTAINER -> {
                return result;
            }
            case NONE, HOST -> {
                EndpointRecord e = new EndpointRecord();
                NetworkService s = service.get();
                e.networkId = s == null ? "" : s.get(mode.target()).id();
                result.put(mode.target(), e);
                return result;
            }
            default -> {
            }
        }
        EndpointRecord given = requested.remove(mode.target());
        if (given == null && mode.kind() == NetworkMode.Kind.BRIDGE) {
            given = requested.remove("default"); // the CLI names the default network "default"
        }
        NetworkInfo primary = find(mode.target());
        if (primary == null) {
            // like dockerd, a missing network is an error of start, not of create (a 404 here would make the
            // CLI pull the image)
            result.put(mode.target(), given == null ? new EndpointRecord() : given);
        } else {
            result.put(primary.name(), configFor(primary, given, requested));
        }
        for (Map.Entry<String, EndpointRecord> extra : requested.entrySet()) {
            NetworkInfo info = find(extra.getKey());
            if (info == null) {
                result.put(extra.getKey(), extra.getValue());
                continue;
            }
            if (info.driver().equals("host") || info.driver().equals("null")) {
                throw EngineException.invalid("container cannot be connected to network endpoints: %s and %s",
                        mode.target(), info.name());
            }
            result.put(info.name(), configFor(info, extra.getValue(), Map.of()));
        }
        return result;
    }

    private NetworkInfo find(String network) {
        try {
            return service().get(network);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static EndpointRecord configFor(NetworkInfo info, EndpointRecord given,
                                            Map<String, EndpointRecord> byOtherKey) {
        EndpointRecord e = given;
        if (e == null) {
            e = byOtherKey.remove(info.id());
        }
        if (e == null) {
            e = new EndpointRecord();
        }
        validate(info, e);
        e.networkId = info.id();
        return e;
    }

    static void validate(NetworkInfo info, EndpointRecord e) {
        boolean defaultBridge = info.name().equals(NetworkMode.DEFAULT_BRIDGE);
        if (defaultBridge && e.aliases != null && !e.aliases.isEmpty()) {
            throw EngineException.invalid("network-scoped alias is supported only for containers in user defined "
                    + "networks");
        }
        if (e.requestedAddress() != null) {
            if (defaultBridge) {
                throw EngineException.invalid("user specified IP address is supported on user defined networks "
                        + "only");
            }
            if (!e.requestedAddress().matches(IPV4)) {
                throw EngineException.invalid("invalid IPv4 address: %s", e.requestedAddress());
            }
        }
        if (e.requestedIpv6Address() != null) {
            if (defaultBridge) {
                throw EngineException.invalid("user specified IP address is supported on user defined networks "
                        + "only");
            }
            if (!Ipv6.isValid(e.requestedIpv6Address())) {
                throw EngineException.invalid("invalid IPv6 address: %s", e.requestedIpv6Address());
            }
        }
        for (String ip : e.linkLocalIps()) {
            if (ip == null || !ip.matches(IPV4) && !Ipv6.isValid(ip)) {
                throw EngineException.invalid("invalid link-local IP address: %s", ip);
            }
        }
    }

    /** The embedded DNS server the container's resolv.conf points at, or null for the host's resolvers. */
    public String dnsServer(Container c) {
        List<String> names;
        synchronized (c) {
            names = new ArrayList<>(c.record().networks().keySet());
        }
        for (String name : names) {
            NetworkInfo info = find(name); // a missing network fails the connect, with dockerd's message
            if (info != null && info.dnsServer() != null) {
                return info.dnsServer();
            }
        }
        return null;
    }

    /**
     * Connects every network of a container whose namespace exists ({@code /proc/PID/ns/net}); the published
     * ports go with the first network. Returns the first IPv4 address (for /etc/hosts), else the first IPv6 one
     * (a container on IPv6-only networks), or null.
     */
    public String connectAll(Container c, long pid, List<String> links) throws IOException {
        Map<String, EndpointRecord> networks;
        List<PortRequest> ports;
        String name;
        synchronized (c) {
            networks = new LinkedHashMap<>(c.record().networks());
            ports = PortSpecs.requests(c.record().config, c.hostConfig());
            name = c.record().name();
        }
        String sandbox = "/proc/" + pid + "/ns/net";
        String firstAddress = null;
        String firstIpv6 = null;
        List<PortBinding> bound = new ArrayList<>();
        boolean first = true;
        boolean portsDualStack = false;
        try {
            for (Map.Entry<String, EndpointRecord> entry : networks.entrySet()) {
                EndpointRecord e = entry.getValue();
                EndpointSettings settings = service().connect(new ConnectRequest(entry.getKey(), c.id(),
                        stripSlash(name), sandbox, e.requestedAddress(), emptyToNull(e.macAddress),
                        orEmpty(e.aliases), links, first ? ports : List.of(), e.linkLocalIps(),
                        e.requestedIpv6Address()));
                if (first) {
                    portsDualStack = settings.ipv6Address() != null && !settings.ipv6Address().isEmpty();
                }
                first = false;
                bound.addAll(settings.ports());
                synchronized (c) {
                    apply(e, settings);
                }
                if (firstAddress == null && !settings.ipv4Address().isEmpty()) {
                    firstAddress = settings.ipv4Address();
                }
                if (firstIpv6 == null && settings.ipv6Address() != null && !settings.ipv6Address().isEmpty()) {
                    firstIpv6 = settings.ipv6Address();
                }
            }
        } catch (EngineException ex) {
            releaseAll(c);
            throw new EngineException(ex.kind(), "failed to set up container networking: " + ex.getMessage(), ex);
        } catch (IOException | RuntimeException ex) {
            releaseAll(c);
            throw ex;
        }
        synchronized (c) {
            ContainerRecord r = c.record();
            r.joinSandbox(sandbox, PortSpecs.inspectPorts(r.config, c.hostConfig(), bound,
                    portsDualStack));
        }
        return firstAddress != null ? firstAddress : firstIpv6;
    }

    private static void apply(EndpointRecord e, EndpointSettings s) {
        e.networkId = s.networkId();
        e.endpointId = s.endpointId();
        e.ipAddress = s.ipv4Address() == null ? "" : s.ipv4Address();
        e.ipPrefixLen = s.prefixLength();
        e.gateway = s.gateway() == null ? "" : s.gateway();
        e.globalIpv6Address = s.ipv6Address() == null ? "" : s.ipv6Address();
        e.globalIpv6PrefixLen = s.ipv6PrefixLength();
        e.ipv6Gateway = s.ipv6Gateway() == null ? "" : s.ipv6Gateway();
        e.macAddress = s.macAddress() == null ? "" : s.macAddress();
        e.dnsNames = s.dnsNames() == null || s.dnsNames().isEmpty() ? null : s.dnsNames();
    }

    /** Releases every endpoint of a container that stopped; keeps its network settings for the next start. */
    public void releaseAll(Container c) {
        NetworkService s = service.get();
        if (s != null) {
            try {
                s.releaseAll(c.id());
            } catch (RuntimeException e) {
                LOG.warn("cannot release the network endpoints of {}: {}", c.id(), e.toString());
            }
        }
        synchronized (c) {
            c.record().networks().values().forEach(EndpointRecord::clearLive);
            c.record().leaveSandbox();
        }
    }

    /** docker network connect: recorded for the next start, and connected now when the container runs. */
    public void connect(Container c, String network, EndpointRecord config) throws IOException {
        NetworkInfo info = service().get(network);
        EndpointRecord e = config == null ? new EndpointRecord() : config;
        validate(info, e);
        e.networkId = info.id();
        long pid;
        String name;
        synchronized (c) {
            NetworkMode mode = NetworkMode.parse(c.hostConfig().networkMode);
            if (mode.kind() == NetworkMode.Kind.CONTAINER) {
                throw EngineException.invalid("container sharing network namespace with another container or host "
                        + "cannot be connected to any other network");
            }
            if (mode.kind() == NetworkMode.Kind.NONE || mode.kind() == NetworkMode.Kind.HOST
                    || info.driver().equals("host") || info.driver().equals("null")) {
                throw EngineException.invalid("container cannot be disconnected from host network or connected to "
                        + "host network");
            }
            if (c.record().networks().containsKey(info.name())) {
                throw new EngineException(ErrorKind.FORBIDDEN, String.format("endpoint with name %s already "
                        + "exists in network %s", stripSlash(c.record().name()), info.name()));
            }
            pid = c.state().running ? c.state().pid : 0;
            name = c.record().name();
        }
        if (pid > 0) {
            EndpointSettings settings = service().connect(new ConnectRequest(info.name(), c.id(), stripSlash(name),
                    "/proc/" + pid + "/ns/net", e.requestedAddress(), emptyToNull(e.macAddress),
                    orEmpty(e.aliases), List.of(), List.of(), e.linkLocalIps(), e.requestedIpv6Address()));
            apply(e, settings);
        }
        synchronized (c) {
            c.record().connectNetwork(info.name(), e);
        }
    }

    /** docker network disconnect. */
    public void disconnect(Container c, String network, boolean force) throws IOException {
        NetworkService s = service.get();
        NetworkInfo info = null;
        try {
            info = s == null ? null : s.get(network);
        } catch (EngineException e) {
            if (!force) {
                throw e;
            }
        }
        String key;
        boolean running;
        synchronized (c) {
            key = info != null && c.record().networks().containsKey(info.name()) ? info.name() : network;
            if (!c.record().networks().containsKey(key)) {
                if (force) {
                    return;
                }
                throw EngineException.notFound("container %s is not connected to network %s", c.id(), network);
            }
            NetworkMode mode = NetworkMode.parse(c.hostConfig().networkMode);
            if (mode.kind() == NetworkMode.Kind.HOST || key.equals("host")) {
                throw EngineException.invalid("container cannot be disconnected from host network or connected to "
                        + "host network");
            }
            running = c.state().running;
        }
        if (running && s != null && info != null) {
            try {
                s.disconnect(info.id(), c.id());
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        synchronized (c) {
            c.record().disconnectNetwork(key);
        }
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
