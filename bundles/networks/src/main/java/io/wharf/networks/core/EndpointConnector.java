package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.ipam.Ipv6Plan;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import io.wharf.networks.ports.HostBindingAddress;
import io.wharf.networks.ports.PortAllocator;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import io.wharf.networks.store.NetworkStore;
import io.wharf.networks.support.Ids;
import io.wharf.support.MacAddresses;
import io.wharf.support.Times;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * docker network connect: checks the request, takes an address and host ports, has the driver plug the
 * endpoint in, stores it and registers its DNS names; on any failure what was taken is given back.
 */
final class EndpointConnector {
    private final NetworkTable table;
    private final NetworkDrivers drivers;
    private final Ipam ipam;
    private final ExternalIpam externalIpam;
    private final PortAllocator ports;
    private final NetworkStore store;
    private final NetworkNames names;
    private final NetworkEvents events;
    private final Clock clock;
    private final Random random = new SecureRandom();

    EndpointConnector(NetworkTable table, NetworkDrivers drivers, Ipam ipam, ExternalIpam externalIpam,
                      PortAllocator ports, NetworkStore store, NetworkNames names, NetworkEvents events, Clock clock) {
        this.table = table;
        this.drivers = drivers;
        this.ipam = ipam;
        this.externalIpam = externalIpam;
        this.ports = ports;
        this.store = store;
        this.names = names;
        this.events = events;
        this.clock = clock;
    }

    EndpointSettings connect(ConnectRequest request) throws IOException {
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
        EndpointNames.links(links); // rejects a malformed link before anything is taken
        Integer staticAddress = staticAddress(net, request.ipv4Address());
        BigInteger staticIpv6 = staticIpv6(net, request.ipv6Address());
        String mac = MacAddresses.validate(request.macAddress());
        boolean addressed = driver.needsAddresses();
        // dockerd publishes no ports on internal networks nor for drivers without addresses (host)
        List<ConnectRequest.PortRequest> portRequests = addressed && !net.internal() && request.ports() != null
                ? HostBindingAddress.apply(request.ports(), net.options(), net.ipv6Only()) : List.of();
        PortAllocator.validate(portRequests);
        if (addressed && !net.addressed()) {
            throw EngineException.system("network " + net.name() + " has no addresses for driver " + net.driver(),
                    null);
        }

        String endpointId = Ids.random();
        Integer address = null;
        BigInteger address6 = null;
        List<EndpointSpec.PortBinding> bound = List.of();
        try {
            String iface = null;
            String gateway = null;
            int prefix = 0;
            boolean defaultRoute4 = false;
            boolean defaultRoute6 = false;
            String gateway6 = null;
            int prefix6 = 0;
            if (addressed && net.ipam6() != null) {
                Ipv6Plan plan6 = net.ipam6().plan();
                address6 = staticIpv6 != null ? ipam.v6().reserve(n.id(), staticIpv6) : ipam.v6().allocate(n.id());
                gateway6 = Ipv6.format(plan6.gateway());
                prefix6 = plan6.subnet().prefix();
            }
            if (addressed && net.ipam() != null) {
                SubnetPlan plan = net.ipam().plan();
                address = address(net, staticAddress);
                gateway = Ipv4.format(plan.gateway());
                prefix = plan.subnet().prefix();
            }
            if (addressed) {
                List<EndpointRecord> siblings = table.endpointsOf(request.containerId());
                iface = nextInterface(siblings);
                // per family, the first non-internal endpoint with an address of it carries its default route (as
                // moby 28 picks a gateway endpoint per family): IPv4 beside an IPv6-only network, or the reverse
                defaultRoute4 = !net.internal() && address != null && siblings.stream().noneMatch(
                        EndpointRecord::routesIpv4);
                defaultRoute6 = !net.internal() && address6 != null && siblings.stream().noneMatch(
                        EndpointRecord::routesIpv6);
                if (mac == null) {
                    // without an IPv4 address to derive it from, a random one, as dockerd makes on IPv6-only networks
                    mac = address != null ? MacAddresses.fromIpv4(address) : MacAddresses.random(random);
                }
            }
            bound = ports.allocate(containerName, endpointId, portRequests);
            String ip = address == null ? null : Ipv4.format(address);
            EndpointRecord e = new EndpointRecord(endpointId, n.id(), request.containerId(), containerName,
                    request.sandboxPath(), Sandboxes.inode(request.sandboxPath()), iface, ip, prefix, gateway,
                    defaultRoute4, mac, aliases, links, bound, Times.rfc3339Nano(clock.instant()),
                    addressed ? request.linkLocalIps() : List.of(), address6 == null ? null : Ipv6.format(address6),
                    prefix6, gateway6, defaultRoute6);
            e = withDriverInfo(e, driver.join(e.spec()));
            try {
                store.save(e);
            } catch (IOException | RuntimeException saveFailed) {
                EndpointReleaser.leaveQuietly(driver, n.id(), endpointId);
                throw saveFailed;
            }
            n.endpoints.put(e.id(), e);
            names.register(n, e);
            events.publish("connect", n.id(), Map.of("container", e.containerId(), "name", net.name(),
                    "type", net.driver()));
            return n.settings(e);
        } catch (IOException | RuntimeException failed) {
            if (address != null) {
                ipam.release(n.id(), address);
                if (net.externalIpam()) {
                    externalIpam.release(net, address);
                }
            }
            if (address6 != null) {
                ipam.v6().release(n.id(), address6);
            }
            ports.release(bound);
            throw failed;
        }
    }

    /**
     * The endpoint's address from the network's IPAM driver; one granted by a plugin is also entered in Wharf's
     * address book, which refuses it (and the plugin gets it back) if it is not a usable, free host of the subnet.
     */
    private int address(NetworkRecord net, Integer staticAddress) {
        if (!net.externalIpam()) {
            return staticAddress != null ? ipam.reserve(net.id(), staticAddress) : ipam.allocate(net.id());
        }
        int granted = externalIpam.allocate(net, staticAddress);
        try {
            return ipam.reserve(net.id(), granted);
        } catch (RuntimeException e) {
            externalIpam.release(net, granted);
            throw EngineException.system("IPAM driver " + net.ipamDriver() + " granted " + Ipv4.format(granted)
                    + ", which Wharf cannot use on network " + net.name() + ": " + e.getMessage(), e);
        }
    }

    /** The address asked for, if any; dockerd allows one only on user-defined networks with a configured subnet. */
    static Integer staticAddress(NetworkRecord r, String requested) {
        if (blank(requested)) {
            return null;
        }
        if (!Ipv4.isValid(requested.trim())) {
            throw EngineException.invalid("invalid IPv4 address: %s", requested);
        }
        if (r.predefined()) {
            throw EngineException.invalid("user specified IP address is supported on user defined networks only");
        }
        if (r.ipam() == null || !r.ipam().userConfigured()) {
            throw EngineException.invalid("user specified IP address is supported only when connecting to "
                    + "networks with user configured subnets");
        }
        return Ipv4.parse(requested.trim());
    }

    /** The IPv6 address asked for (--ip6), if any: only on dual-stack networks with a user-configured subnet. */
    static BigInteger staticIpv6(NetworkRecord r, String requested) {
        if (blank(requested)) {
            return null;
        }
        if (!Ipv6.isValid(requested.trim())) {
            throw EngineException.invalid("invalid IPv6 address: %s", requested);
        }
        if (r.predefined()) {
            throw EngineException.invalid("user specified IP address is supported on user defined networks only");
        }
        if (r.ipam6() == null) {
            throw EngineException.invalid("invalid endpoint settings:\nuser specified IPv6 address %s: network %s "
                    + "does not have IPv6 enabled", requested.trim(), r.name());
        }
        if (!r.ipam6().userConfigured()) {
            throw EngineException.invalid("user specified IP address is supported only when connecting to "
                    + "networks with user configured subnets");
        }
        return Ipv6.parse(requested.trim());
    }

    /** {@code eth<N>} with the lowest N none of the container's endpoints uses yet. */
    static String nextInterface(List<EndpointRecord> containerEndpoints) {
        Set<String> used = new HashSet<>();
        for (EndpointRecord e : containerEndpoints) {
            if (e.interfaceName() != null) {
                used.add(e.interfaceName());
            }
        }
        for (int i = 0; ; i++) {
            if (!used.contains("eth" + i)) {
                return "eth" + i;
            }
        }
    }

    /** What the driver chose (interface name, MAC, bound ports) wins over what was planned. */
    static EndpointRecord withDriverInfo(EndpointRecord e, EndpointInfo info) {
        if (info == null) {
            return e;
        }
        String iface = info.interfaceName() != null ? info.interfaceName() : e.interfaceName();
        String mac = info.macAddress() != null && !info.macAddress().isEmpty() ? info.macAddress() : e.macAddress();
        List<EndpointSpec.PortBinding> bound = info.boundPorts() != null && !info.boundPorts().isEmpty()
                ? info.boundPorts() : e.ports();
        return e.withDriverChoices(iface, mac, bound);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
