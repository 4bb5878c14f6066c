package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's EndpointSettings for one network of a container: what the user asked for (IPAMConfig, Links,
 * Aliases, MacAddress) as NetworkingConfig.EndpointsConfig brings it, and the live endpoint while it runs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class EndpointRecord {
    @JsonProperty("IPAMConfig") public IpamConfig ipamConfig;
    @JsonProperty("Links") public List<String> links;
    @JsonProperty("Aliases") public List<String> aliases;
    @JsonProperty("MacAddress") public String macAddress = "";
    @JsonProperty("DriverOpts") public Map<String, String> driverOpts;
    @JsonProperty("GwPriority") public int gwPriority;
    @JsonProperty("NetworkID") public String networkId = "";
    @JsonProperty("EndpointID") public String endpointId = "";
    @JsonProperty("Gateway") public String gateway = "";
    @JsonProperty("IPAddress") public String ipAddress = "";
    @JsonProperty("IPPrefixLen") public int ipPrefixLen;
    @JsonProperty("IPv6Gateway") public String ipv6Gateway = "";
    @JsonProperty("GlobalIPv6Address") public String globalIpv6Address = "";
    @JsonProperty("GlobalIPv6PrefixLen") public int globalIpv6PrefixLen;
    @JsonProperty("DNSNames") public List<String> dnsNames;

    /** The user's static address (--ip). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class IpamConfig {
        @JsonProperty("IPv4Address") public String ipv4Address;
        @JsonProperty("IPv6Address") public String ipv6Address;
        @JsonProperty("LinkLocalIPs") public List<String> linkLocalIps;
    }

    /** --link-local-ip: extra addresses of the container's interface on this network. */
    public List<String> linkLocalIps() {
        return ipamConfig == null || ipamConfig.linkLocalIps == null ? List.of() : ipamConfig.linkLocalIps;
    }

    public String requestedAddress() {
        return ipamConfig == null || ipamConfig.ipv4Address == null || ipamConfig.ipv4Address.isEmpty() ? null
                : ipamConfig.ipv4Address;
    }

    /** The user's static IPv6 address (--ip6). */
    public String requestedIpv6Address() {
        return ipamConfig == null || ipamConfig.ipv6Address == null || ipamConfig.ipv6Address.isEmpty() ? null
                : ipamConfig.ipv6Address;
    }

    /** Forgets the live endpoint (the container stopped); the user's settings stay. */
    public void clearLive() {
        endpointId = "";
        gateway = "";
        ipAddress = "";
        ipPrefixLen = 0;
        globalIpv6Address = "";
        globalIpv6PrefixLen = 0;
        ipv6Gateway = "";
        dnsNames = null;
    }
}
