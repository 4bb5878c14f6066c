package io.wharf.networks.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.core.CreateNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /networks/create} (dockerd's NetworkCreateRequest). */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateNetworkBody(@JsonProperty("Name") String name,
                         @JsonProperty("Driver") String driver,
                         @JsonProperty("Scope") String scope,
                         @JsonProperty("Internal") boolean internal,
                         @JsonProperty("Attachable") boolean attachable,
                         @JsonProperty("Ingress") boolean ingress,
                         @JsonProperty("ConfigOnly") boolean configOnly,
                         @JsonProperty("ConfigFrom") JsonNode configFrom,
                         @JsonProperty("IPAM") Ipam ipam,
                         @JsonProperty("EnableIPv4") Boolean enableIpv4,
                         @JsonProperty("EnableIPv6") Boolean enableIpv6,
                         @JsonProperty("Options") Map<String, String> options,
                         @JsonProperty("Labels") Map<String, String> labels,
                         @JsonProperty("CheckDuplicate") Boolean checkDuplicate) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ipam(@JsonProperty("Driver") String driver,
                @JsonProperty("Config") List<IpamConfig> config,
                @JsonProperty("Options") Map<String, String> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IpamConfig(@JsonProperty("Subnet") String subnet,
                      @JsonProperty("IPRange") String ipRange,
                      @JsonProperty("Gateway") String gateway,
                      @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {
    }

    /** Checks what Wharf cannot do (swarm scopes, config-only networks). */
    CreateNetwork toRequest() {
        if (name == null || name.isBlank()) {
            throw EngineException.invalid("invalid name: %s", name == null ? "" : name);
        }
        if (scope != null && !scope.isEmpty() && !scope.equals("local")) {
            throw EngineException.invalid("scope %s is not supported by Wharf: networks are local", scope);
        }
        if (ingress) {
            throw new EngineException(ErrorKind.FORBIDDEN, "ingress networks need swarm mode, which Wharf has not");
        }
        if (configOnly || configFrom != null && !configFrom.isNull() && !configFrom.path("Network").asText("")
                .isEmpty()) {
            throw EngineException.notImplemented("config-only networks are not supported by Wharf");
        }
        boolean ipv6 = Boolean.TRUE.equals(enableIpv6);
        boolean ipv4 = !Boolean.FALSE.equals(enableIpv4); // absent before API 1.47: always on
        if (!ipv4 && !ipv6) {
            throw EngineException.invalid("IPv4 or IPv6 must be enabled");
        }
        NetworkSpec.IpamConfig requested = null;
        NetworkSpec.IpamConfig requested6 = null;
        Map<String, String> auxAddresses = Map.of();
        Map<String, String> ipamOptions = Map.of();
        if (ipam != null) {
            ipamOptions = ipam.options() == null ? Map.of() : ipam.options();
            requested = config(ipam.config(), false);
            requested6 = config(ipam.config(), true);
            if (requested6 != null && !ipv6) {
                throw EngineException.invalid("invalid network config:\nIPv6 subnet %s needs IPv6 enabled (--ipv6)",
                        requested6.subnet());
            }
            if (requested != null && !ipv4) {
                throw EngineException.invalid("invalid network config:\nIPv4 subnet %s needs IPv4 enabled",
                        requested.subnet() == null ? "" : requested.subnet());
            }
            auxAddresses = auxAddresses(ipam.config());
        }
        return new CreateNetwork(name, driver, internal, attachable, requested, ipamOptions, options, labels,
                auxAddresses, ipv6, requested6, ipam == null ? null : ipam.driver(), ipv4);
    }

    /** The one pool of a family (one IPv4 and one IPv6 subnet at most, as --subnet is given per family). */
    private static NetworkSpec.IpamConfig config(List<IpamConfig> configs, boolean ipv6) {
        NetworkSpec.IpamConfig found = null;
        for (IpamConfig c : configs == null ? List.<IpamConfig>of() : configs) {
            if (c == null || isIpv6(c) != ipv6) {
                continue;
            }
            if (found != null) {
                throw EngineException.invalid("Wharf supports one %s subnet per network", ipv6 ? "IPv6" : "IPv4");
            }
            found = new NetworkSpec.IpamConfig(c.subnet(), c.ipRange(), c.gateway());
        }
        return found;
    }

    /** The auxiliary addresses of every pool, both families: the network creator files each by its family. */
    private static Map<String, String> auxAddresses(List<IpamConfig> configs) {
        Map<String, String> all = new HashMap<>();
        for (IpamConfig c : configs == null ? List.<IpamConfig>of() : configs) {
            if (c != null && c.auxiliaryAddresses() != null) {
                all.putAll(c.auxiliaryAddresses());
            }
        }
        return all;
    }

    /** A pool is IPv6 when its subnet is (or, without one, its gateway or range). */
    private static boolean isIpv6(IpamConfig c) {
        String address = c.subnet() != null && !c.subnet().isBlank() ? c.subnet()
                : c.gateway() != null && !c.gateway().isBlank() ? c.gateway() : c.ipRange();
        return address != null && address.contains(":");
    }
}
