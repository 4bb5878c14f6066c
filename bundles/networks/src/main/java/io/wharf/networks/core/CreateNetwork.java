package io.wharf.networks.core;

import io.wharf.api.network.NetworkSpec;
import java.util.Map;

/**
 * What {@code docker network create} asks for, after the REST layer checked what Wharf does not support.
 *
 * @param driver empty for the default ("bridge")
 * @param ipam         the requested IPv4 configuration, or null to pick a subnet from the pools
 * @param auxAddresses --aux-address: name to address, reserved in the requested subnet
 * @param enableIpv6   --ipv6: the network is dual-stack
 * @param ipam6        the requested IPv6 configuration, or null for a /64 of the daemon's ULA prefix
 * @param ipamDriver   --ipam-driver: "default" (Wharf's own) or a plugin's name
 * @param enableIpv4   false (--ipv4=false, with --ipv6): an IPv6-only network, without an IPv4 subnet
 */
public record CreateNetwork(String name, String driver, boolean internal, boolean attachable,
                            NetworkSpec.IpamConfig ipam, Map<String, String> ipamOptions,
                            Map<String, String> options, Map<String, String> labels,
                            Map<String, String> auxAddresses, boolean enableIpv6,
                            NetworkSpec.IpamConfig ipam6, String ipamDriver, boolean enableIpv4) {
    public CreateNetwork {
        ipamDriver = ipamDriver == null || ipamDriver.isEmpty() ? "default" : ipamDriver;
        ipamOptions = ipamOptions == null ? Map.of() : ipamOptions;
        options = options == null ? Map.of() : options;
        labels = labels == null ? Map.of() : labels;
        auxAddresses = auxAddresses == null ? Map.of() : auxAddresses;
    }

    public CreateNetwork(String name, String driver, boolean internal, boolean attachable,
                         NetworkSpec.IpamConfig ipam, Map<String, String> ipamOptions, Map<String, String> options,
                         Map<String, String> labels) {
        this(name, driver, internal, attachable, ipam, ipamOptions, options, labels, Map.of());
    }

    /** A network with IPv4, addressed by the given IPAM driver. */
    public CreateNetwork(String name, String driver, boolean internal, boolean attachable,
                         NetworkSpec.IpamConfig ipam, Map<String, String> ipamOptions, Map<String, String> options,
                         Map<String, String> labels, Map<String, String> auxAddresses, boolean enableIpv6,
                         NetworkSpec.IpamConfig ipam6, String ipamDriver) {
        this(name, driver, internal, attachable, ipam, ipamOptions, options, labels, auxAddresses, enableIpv6, ipam6,
                ipamDriver, true);
    }

    /** A network addressed by Wharf's own IPAM. */
    public CreateNetwork(String name, String driver, boolean internal, boolean attachable,
                         NetworkSpec.IpamConfig ipam, Map<String, String> ipamOptions, Map<String, String> options,
                         Map<String, String> labels, Map<String, String> auxAddresses, boolean enableIpv6,
                         NetworkSpec.IpamConfig ipam6) {
        this(name, driver, internal, attachable, ipam, ipamOptions, options, labels, auxAddresses, enableIpv6, ipam6,
                "default");
    }

    /** An IPv4-only network. */
    public CreateNetwork(String name, String driver, boolean internal, boolean attachable,
                         NetworkSpec.IpamConfig ipam, Map<String, String> ipamOptions, Map<String, String> options,
                         Map<String, String> labels, Map<String, String> auxAddresses) {
        this(name, driver, internal, attachable, ipam, ipamOptions, options, labels, auxAddresses, false, null);
    }
}
