package io.wharf.networks.core;

import io.wharf.api.network.NetworkSpec;
import java.util.Map;

/**
 * What {@code docker network create} asks for, after the REST layer checked what Wharf does not support.
 *
 * @param driver empty for the default ("bridge")
 * @param ipam   the requested IPv4 configuration, or null to pick a subnet from the pools
 */
public record CreateNetwork(String name, String driver, boolean internal, boolean attachable,
                            NetworkSpec.IpamConfig ipam, Map<String, String> ipamOptions,
                            Map<String, String> options, Map<String, String> labels) {
    public CreateNetwork {
        ipamOptions = ipamOptions == null ? Map.of() : ipamOptions;
        options = options == null ? Map.of() : options;
        labels = labels == null ? Map.of() : labels;
    }
}
