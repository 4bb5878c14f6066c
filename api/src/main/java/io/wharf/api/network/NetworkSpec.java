package io.wharf.api.network;

import java.util.List;
import java.util.Map;

/**
 * A network to create, as docker network create describes it, with its subnets and gateways already chosen by
 * IPAM. Driver options use Docker's keys ({@code com.docker.network.bridge.name},
 * {@code com.docker.network.bridge.enable_ip_masquerade}, {@code com.docker.network.driver.mtu}, ...).
 */
public record NetworkSpec(String id, String name, String driver, boolean internal, boolean enableIpv6,
                          List<IpamConfig> ipam, Map<String, String> options, Map<String, String> labels) {
    public record IpamConfig(String subnet, String ipRange, String gateway) {
    }
}
