package io.wharf.networks.ports;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.networks.net.Ipv4;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses host ports for published container ports. A port is taken when Wharf gave it out already (per
 * protocol and host address; the wildcard address conflicts with every address) or when another program holds
 * it on the host. Thread-safe.
 */
public final class PortAllocator {
    static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private final HostPortProbe probe;
    private final PortRange ephemeral;
    /** protocol → port → the host addresses it is bound on. */
    private final Map<String, Map<Integer, List<String>>> taken = new HashMap<>();
    /** Where the search for a free ephemeral port continues, per protocol, so freed ports are not reused at once. */
    private final Map<String, Integer> cursor = new HashMap<>();

    public PortAllocator(HostPortProbe probe, PortRange ephemeral) {
        this.probe = probe;
        this.ephemeral = ephemeral;
    }

    /** Checks requests before anything is allocated: protocols, port numbers, host addresses. */
    public static void validate(List<PortRequest> requests) {
        for (PortRequest r : requests == null ? List.<PortRequest>of() : requests) {
            String protocol = protocol(r);
            if (!PROTOCOLS.contains(protocol)) {
                throw EngineException.invalid("invalid proto: %s", r.protocol());
            }
            if (r.containerPort() < 1 || r.containerPort() > 65535) {
                throw EngineException.invalid("invalid port specification: %d", r.containerPort());
            }
            if (r.hostPortStart() < 0 || r.hostPortEnd() > 65535 || r.hostPortEnd() < r.hostPortStart()
                    || r.hostPortStart() == 0 && r.hostPortEnd() != 0) {
                throw EngineException.invalid("invalid hostPort: %d-%d", r.hostPortStart(), r.hostPortEnd());
            }
            String ip = r.hostIp();
            if (!isWildcard(ip) && !Ipv4.isValid(ip) && !(ip.contains(":") && ip.matches("[0-9a-fA-F:.]+"))) {
                throw EngineException.invalid("invalid IP address: %s", ip);
            }
        }
    }

    /**
     * Allocates a host port for each request, all or nothing.
     *
     * @param endpointName for the error message (dockerd names the endpoint after the container)
     */
    public synchronized List<PortBinding> allocate(String endpointName, String endpointId,
                                                   List<PortRequest> requests) {
        validate(requests);
        List<PortBinding> done = new ArrayList<>();
        try {
            for (PortRequest r : requests == null ? List.<PortRequest>of() : requests) {
                String protocol = protocol(r);
                String ip = hostIp(r.hostIp());
                int port = r.hostPortStart() == 0 ? pickEphemeral(protocol, ip)
                        : pickInRange(protocol, ip, r.hostPortStart(), r.hostPortEnd());
                if (port < 0) {
                    String ports = r.hostPortStart() == r.hostPortEnd() ? String.valueOf(r.hostPortStart())
                            : r.hostPortStart() + "-" + r.hostPortEnd();
                    if (r.hostPortStart() == 0) {
                        ports = ephemeral.first() + "-" + ephemeral.last();
                    }
                    throw EngineException.conflict("driver failed programming external connectivity on endpoint "
                            + "%s (%s): Bind for %s:%s failed: port is already allocated", endpointName,
                            endpointId, ip, ports);
                }
                PortBinding b = new PortBinding(protocol, r.containerPort(), r.hostIp() == null ? "" : r.hostIp(),
                        port);
                take(b);
                done.add(b);
            }
            return List.copyOf(done);
        } catch (RuntimeException e) {
            release(done);
            throw e;
        }
    }

    /** Marks the ports of an endpoint that survived a daemon restart as taken. */
    public synchronized void restore(Collection<PortBinding> bindings) {
        for (PortBinding b : bindings) {
            take(b);
        }
    }

    public synchronized void release(Collection<PortBinding> bindings) {
        for (PortBinding b : bindings) {
            Map<Integer, List<String>> ports = taken.get(b.protocol());
            List<String> ips = ports == null ? null : ports.get(b.hostPort());
            if (ips != null) {
                ips.remove(hostIp(b.hostIp()));
                if (ips.isEmpty()) {
                    ports.remove(b.hostPort());
                }
            }
        }
    }

    public synchronized boolean isAllocated(String protocol, String hostIp, int port) {
        return conflictsWithOwn(protocol, hostIp(hostIp), port);
    }

    private void take(PortBinding b) {
        taken.computeIfAbsent(b.protocol(), p -> new HashMap<>())
                .computeIfAbsent(b.hostPort(), p -> new ArrayList<>()).add(hostIp(b.hostIp()));
    }

    private int pickInRange(String protocol, String ip, int first, int last) {
        for (int port = first; port <= last; port++) {
            if (available(protocol, ip, port)) {
                return port;
            }
        }
        return -1;
    }

    private int pickEphemeral(String protocol, String ip) {
        int start = cursor.getOrDefault(protocol, ephemeral.first());
        for (int i = 0; i < ephemeral.size(); i++) {
            int port = ephemeral.first() + Math.floorMod(start - ephemeral.first() + i, ephemeral.size());
            if (available(protocol, ip, port)) {
                cursor.put(protocol, port == ephemeral.last() ? ephemeral.first() : port + 1);
                return port;
            }
        }
        return -1;
    }

    private boolean available(String protocol, String ip, int port) {
        if (conflictsWithOwn(protocol, ip, port)) {
            return false;
        }
        try {
            return probe.isFree(protocol, ip, port);
        } catch (IOException e) {
            throw EngineException.invalid("failed to bind host port %s:%d/%s: %s", ip, port, protocol,
                    e.getMessage());
        }
    }

    private boolean conflictsWithOwn(String protocol, String ip, int port) {
        Map<Integer, List<String>> ports = taken.get(protocol);
        List<String> ips = ports == null ? null : ports.get(port);
        if (ips == null || ips.isEmpty()) {
            return false;
        }
        return isWildcard(ip) || ips.stream().anyMatch(other -> isWildcard(other) || other.equals(ip));
    }

    private static String protocol(PortRequest r) {
        return r.protocol() == null || r.protocol().isEmpty() ? "tcp" : r.protocol().toLowerCase(Locale.ROOT);
    }

    /** Empty and null mean every address, as 0.0.0.0 does. */
    static String hostIp(String ip) {
        return isWildcard(ip) ? "0.0.0.0" : ip;
    }

    static boolean isWildcard(String ip) {
        return ip == null || ip.isEmpty() || ip.equals("0.0.0.0");
    }
}
