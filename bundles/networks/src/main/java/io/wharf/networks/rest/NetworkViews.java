package io.wharf.networks.rest;

import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.core.NetworkDetails;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.support.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Networks in the shape of dockerd's {@code network.Inspect}, keys in its order, maps sorted as Go sorts them. */
final class NetworkViews {
    private NetworkViews() {
    }

    /** @param withContainers inspect lists the endpoints; the list endpoint leaves Containers empty, as dockerd */
    static Map<String, Object> network(NetworkDetails d, boolean withContainers) {
        NetworkInfo n = d.info();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Name", n.name());
        v.put("Id", n.id());
        v.put("Created", Times.rfc3339Nano(n.created()));
        v.put("Scope", n.scope());
        v.put("Driver", n.driver());
        v.put("EnableIPv4", true);
        v.put("EnableIPv6", n.enableIpv6());
        v.put("IPAM", ipam(n, d.ipamOptions()));
        v.put("Internal", n.internal());
        v.put("Attachable", n.attachable());
        v.put("Ingress", false);
        v.put("ConfigFrom", Map.of("Network", ""));
        v.put("ConfigOnly", false);
        Map<String, Object> containers = new TreeMap<>();
        if (withContainers) {
            for (EndpointRecord e : d.endpoints()) {
                containers.put(e.containerId(), endpoint(e));
            }
        }
        v.put("Containers", containers);
        v.put("Options", new TreeMap<>(n.options()));
        v.put("Labels", new TreeMap<>(n.labels()));
        return v;
    }

    private static Map<String, Object> ipam(NetworkInfo n, Map<String, String> options) {
        List<Map<String, Object>> configs = new ArrayList<>();
        for (NetworkSpec.IpamConfig c : n.ipam()) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("Subnet", c.subnet());
            if (c.ipRange() != null && !c.ipRange().isEmpty()) {
                config.put("IPRange", c.ipRange());
            }
            if (c.gateway() != null && !c.gateway().isEmpty()) {
                config.put("Gateway", c.gateway());
            }
            configs.add(config);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Driver", n.ipamDriver());
        v.put("Options", new TreeMap<>(options));
        v.put("Config", configs);
        return v;
    }

    private static Map<String, Object> endpoint(EndpointRecord e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Name", e.containerName());
        v.put("EndpointID", e.id());
        v.put("MacAddress", e.macAddress() == null ? "" : e.macAddress());
        v.put("IPv4Address", e.ipv4Address() == null ? "" : e.ipv4Address() + "/" + e.prefixLength());
        v.put("IPv6Address", "");
        return v;
    }
}
