package io.wharf.networks.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.core.NetworkDetails;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.support.Times;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A network on the wire, in the shape of dockerd's {@code network.Inspect} (list and inspect): keys in its order,
 * maps sorted as Go sorts them. Wharf has no swarm, so Ingress, ConfigFrom and ConfigOnly are constant.
 */
@JsonPropertyOrder({"Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM", "Internal",
        "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels"})
record NetworkBody(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv4") boolean enableIpv4,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") ConfigFrom configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") SortedMap<String, Endpoint> containers,
        @JsonProperty("Options") SortedMap<String, String> options,
        @JsonProperty("Labels") SortedMap<String, String> labels) {

    /** @param withContainers inspect lists the endpoints; the list endpoint leaves Containers empty, as dockerd */
    static NetworkBody of(NetworkDetails d, boolean withContainers) {
        NetworkInfo n = d.info();
        SortedMap<String, Endpoint> containers = new TreeMap<>();
        if (withContainers) {
            for (EndpointRecord e : d.endpoints()) {
                containers.put(e.containerId(), Endpoint.of(e));
            }
        }
        return new NetworkBody(n.name(), n.id(), Times.rfc3339Nano(n.created()), n.scope(), n.driver(), !ipv6Only(n),
                n.enableIpv6(), Ipam.of(n, d.ipamOptions(), d.auxAddresses()), n.internal(), n.attachable(), false,
                new ConfigFrom(""), false, containers, new TreeMap<>(n.options()), new TreeMap<>(n.labels()));
    }

    /** --ipv4=false: IPv6 on, and every pool an IPv6 one (host and none, without pools, show IPv4 on). */
    static boolean ipv6Only(NetworkInfo n) {
        return n.enableIpv6() && !n.ipam().isEmpty()
                && n.ipam().stream().allMatch(c -> c.subnet() != null && c.subnet().contains(":"));
    }

    @JsonPropertyOrder({"Driver", "Options", "Config"})
    record Ipam(@JsonProperty("Driver") String driver,
                @JsonProperty("Options") SortedMap<String, String> options,
                @JsonProperty("Config") List<IpamConfig> config) {

        static Ipam of(NetworkInfo n, Map<String, String> options, Map<String, String> auxAddresses) {
            return new Ipam(n.ipamDriver(), new TreeMap<>(options), n.ipam().stream()
                    .map(c -> IpamConfig.of(c, auxAddresses)).toList());
        }
    }

    /** A pool; IPRange, Gateway and AuxiliaryAddresses are left out when not set, as dockerd's omitempty does. */
    @JsonPropertyOrder({"Subnet", "IPRange", "Gateway", "AuxiliaryAddresses"})
    record IpamConfig(@JsonProperty("Subnet") String subnet,
                      @JsonProperty("IPRange") @JsonInclude(JsonInclude.Include.NON_EMPTY) String ipRange,
                      @JsonProperty("Gateway") @JsonInclude(JsonInclude.Include.NON_EMPTY) String gateway,
                      @JsonProperty("AuxiliaryAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                      SortedMap<String, String> auxAddresses) {

        static IpamConfig of(NetworkSpec.IpamConfig c, Map<String, String> auxAddresses) {
            boolean ipv6 = c.subnet() != null && c.subnet().contains(":"); // each pool lists its own family's
            SortedMap<String, String> own = new TreeMap<>();
            auxAddresses.forEach((name, address) -> {
                if (address.contains(":") == ipv6) {
                    own.put(name, address);
                }
            });
            return new IpamConfig(c.subnet(), c.ipRange(), c.gateway(), own);
        }
    }

    record ConfigFrom(@JsonProperty("Network") String network) {
    }

    /** A container's endpoint, as inspect lists it under Containers. */
    @JsonPropertyOrder({"Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address"})
    record Endpoint(@JsonProperty("Name") String name,
                    @JsonProperty("EndpointID") String endpointId,
                    @JsonProperty("MacAddress") String macAddress,
                    @JsonProperty("IPv4Address") String ipv4Address,
                    @JsonProperty("IPv6Address") String ipv6Address) {

        static Endpoint of(EndpointRecord e) {
            return new Endpoint(e.containerName(), e.id(), e.macAddress() == null ? "" : e.macAddress(),
                    e.ipv4Address() == null ? "" : e.ipv4Address() + "/" + e.prefixLength(),
                    e.ipv6Address() == null ? "" : e.ipv6Address() + "/" + e.ipv6PrefixLength());
        }
    }
}
