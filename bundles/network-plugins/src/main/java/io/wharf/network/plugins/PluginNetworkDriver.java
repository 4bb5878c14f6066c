package io.wharf.network.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network driver that is a legacy plugin implementing {@code NetworkDriver} (libnetwork's remote driver
 * protocol), called in the order dockerd calls it: CreateEndpoint, Join and ProgramExternalConnectivity when a
 * container joins; RevokeExternalConnectivity, Leave and DeleteEndpoint when it leaves. The plugin makes the
 * interface on the host ({@code SrcName}); Wharf moves it into the container and configures it there.
 * DiscoverNew/DiscoverDelete are not sent: dockerd sends them only to drivers of a cluster's nodes.
 */
public final class PluginNetworkDriver implements NetworkDriver {
    static final String TYPE = "NetworkDriver";
    private static final Logger LOG = LoggerFactory.getLogger(PluginNetworkDriver.class);
    private static final String GENERIC = "com.docker.network.generic";
    private final PluginRpc rpc;
    private final SandboxLinks links;
    /** The interfaces in containers, to be moved back at leave (lost with a restart: the namespace ends anyway). */
    private final Map<String, SandboxLinks.Link> joined = new ConcurrentHashMap<>();

    PluginNetworkDriver(PluginRpc rpc, SandboxLinks links) {
        this.rpc = rpc;
        this.links = links;
        rpc.callOptional("NetworkDriver.GetCapabilities", PluginRpc.object()); // Scope: Wharf's networks are local
    }

    @Override
    public String name() {
        return rpc.name();
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        if (spec.enableIpv6()) {
            throw EngineException.invalid("IPv6 on networks of plugin %s is not supported by Wharf", name());
        }
        ObjectNode request = PluginRpc.object().put("NetworkID", spec.id());
        ObjectNode options = request.putObject("Options");
        options.putPOJO(GENERIC, spec.options() == null ? Map.of() : spec.options());
        options.put("com.docker.network.enable_ipv6", false);
        ArrayNode v4 = request.putArray("IPv4Data");
        for (NetworkSpec.IpamConfig c : spec.ipam() == null ? List.<NetworkSpec.IpamConfig>of() : spec.ipam()) {
            if (c.subnet() == null || c.subnet().contains(":")) {
                continue;
            }
            ObjectNode data = v4.addObject().put("AddressSpace", "LocalDefault").put("Pool", c.subnet());
            if (c.gateway() != null) {
                data.put("Gateway", c.gateway() + prefixOf(c.subnet()));
            }
            data.putObject("AuxAddresses");
        }
        request.putArray("IPv6Data");
        rpc.call("NetworkDriver.CreateNetwork", request);
    }

    @Override
    public void deleteNetwork(String networkId) {
        rpc.call("NetworkDriver.DeleteNetwork", PluginRpc.object().put("NetworkID", networkId));
    }

    @Override
    public EndpointInfo join(EndpointSpec endpoint) throws IOException {
        String address = endpoint.ipv4Address() + "/" + endpoint.prefixLength();
        ObjectNode create = ids(endpoint.networkId(), endpoint.endpointId());
        create.putObject("Interface").put("Address", address).put("AddressIPv6", "")
                .put("MacAddress", endpoint.macAddress() == null ? "" : endpoint.macAddress());
        create.set("Options", portOptions(endpoint));
        JsonNode created = rpc.call("NetworkDriver.CreateEndpoint", create);
        String mac = endpoint.macAddress();
        String chosenMac = created.path("Interface").path("MacAddress").asText("");
        if ((mac == null || mac.isEmpty()) && !chosenMac.isEmpty()) {
            mac = chosenMac;
        }
        try {
            return joinCreated(endpoint, address, mac);
        } catch (IOException | RuntimeException e) {
            deleteEndpointQuietly(endpoint.networkId(), endpoint.endpointId());
            throw e;
        }
    }

    private EndpointInfo joinCreated(EndpointSpec endpoint, String address, String mac) throws IOException {
        ObjectNode request = ids(endpoint.networkId(), endpoint.endpointId())
                .put("SandboxKey", endpoint.sandboxPath());
        request.putObject("Options");
        JsonNode answer = rpc.call("NetworkDriver.Join", request);
        String source = answer.path("InterfaceName").path("SrcName").asText("");
        String prefix = answer.path("InterfaceName").path("DstPrefix").asText("");
        if (source.isEmpty() || prefix.isEmpty()) {
            leaveQuietly(endpoint.networkId(), endpoint.endpointId());
            throw EngineException.system("NetworkDriver.Join: plugin " + name()
                    + " named no interface (InterfaceName SrcName and DstPrefix)", null);
        }
        SandboxLinks.Link link = new SandboxLinks.Link(source, endpoint.sandboxPath(),
                containerName(prefix, endpoint.interfaceName()));
        // as libnetwork: the driver's gateway, for the endpoint that carries the container's default route
        String gateway = answer.path("Gateway").asText("");
        boolean defaultRoute = endpoint.gateway() != null && !gateway.isEmpty();
        try {
            links.plugIn(link, mac, address, routes(answer.path("StaticRoutes"), defaultRoute ? gateway : null));
        } catch (IOException | RuntimeException e) {
            leaveQuietly(endpoint.networkId(), endpoint.endpointId());
            throw e;
        }
        joined.put(endpoint.endpointId(), link);
        if (defaultRoute) {
            ObjectNode connectivity = ids(endpoint.networkId(), endpoint.endpointId());
            connectivity.set("Options", portOptions(endpoint));
            try {
                rpc.callOptional("NetworkDriver.ProgramExternalConnectivity", connectivity);
            } catch (RuntimeException e) {
                leave(endpoint.networkId(), endpoint.endpointId());
                throw e;
            }
        }
        return new EndpointInfo(link.containerName(), endpoint.ipv4Address(), endpoint.prefixLength(),
                defaultRoute ? gateway : null, mac, endpoint.ports());
    }

    /**
     * The published ports in libnetwork's generic options: {@code exposedports} ({@code [{"Proto": 6, "Port": 80}]})
     * and {@code portmap} (with the host side Wharf bound); a plugin that forwards ports reads them.
     */
    static ObjectNode portOptions(EndpointSpec endpoint) {
        ObjectNode options = PluginRpc.object();
        ArrayNode exposed = options.putArray("com.docker.network.endpoint.exposedports");
        ArrayNode portmap = options.putArray("com.docker.network.portmap");
        for (EndpointSpec.PortBinding port : endpoint.ports() == null ? List.<EndpointSpec.PortBinding>of()
                : endpoint.ports()) {
            int proto = switch (port.protocol() == null ? "tcp" : port.protocol()) {
                case "udp" -> 17;
                case "sctp" -> 132;
                default -> 6;
            };
            exposed.addObject().put("Proto", proto).put("Port", port.containerPort());
            portmap.addObject().put("Proto", proto).put("IP", "").put("Port", port.containerPort())
                    .put("HostIP", port.hostIp() == null ? "" : port.hostIp()).put("HostPort", port.hostPort())
                    .put("HostPortEnd", port.hostPort());
        }
        return options;
    }

    /** The driver's routes as {@code ip route add} arguments; RouteType 1 is a connected route (no next hop). */
    static List<String> routes(JsonNode staticRoutes, String gateway) {
        List<String> routes = new ArrayList<>();
        for (JsonNode r : staticRoutes) {
            String destination = r.path("Destination").asText("");
            if (destination.isEmpty() || destination.contains(":")) {
                continue;
            }
            routes.add(r.path("RouteType").asInt(0) == 1 ? destination
                    : destination + " via " + r.path("NextHop").asText(""));
        }
        if (gateway != null) {
            routes.add("default via " + gateway);
        }
        return routes;
    }

    /** The container's name for the interface: the driver's prefix with the index the network service chose. */
    static String containerName(String prefix, String planned) {
        String index = planned == null ? "0" : planned.replaceAll("^\\D*", "");
        return prefix + (index.isEmpty() ? "0" : index);
    }

    @Override
    public void leave(String networkId, String endpointId) {
        rpc.callOptional("NetworkDriver.RevokeExternalConnectivity", ids(networkId, endpointId));
        SandboxLinks.Link link = joined.remove(endpointId);
        if (link != null) {
            try {
                links.unplug(link);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot move {} out of {}: {}", link.containerName(), link.sandboxPath(), e.getMessage());
            }
        }
        leaveQuietly(networkId, endpointId);
        rpc.call("NetworkDriver.DeleteEndpoint", ids(networkId, endpointId));
    }

    private void leaveQuietly(String networkId, String endpointId) {
        try {
            rpc.call("NetworkDriver.Leave", ids(networkId, endpointId));
        } catch (RuntimeException e) {
            LOG.warn("network plugin {}: {}", name(), e.getMessage());
        }
    }

    private void deleteEndpointQuietly(String networkId, String endpointId) {
        try {
            rpc.call("NetworkDriver.DeleteEndpoint", ids(networkId, endpointId));
        } catch (RuntimeException e) {
            LOG.warn("network plugin {}: {}", name(), e.getMessage());
        }
    }

    private static ObjectNode ids(String networkId, String endpointId) {
        return PluginRpc.object().put("NetworkID", networkId).put("EndpointID", endpointId);
    }

    private static String prefixOf(String subnet) {
        int slash = subnet.indexOf('/');
        return slash < 0 ? "" : subnet.substring(slash);
    }
}
