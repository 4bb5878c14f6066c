package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.NetworkSpec;
import io.wharf.support.Cidr6;
import io.wharf.support.Ipv6;
import java.util.List;
import java.util.Map;

/**
 * A bridge network as the driver needs it: the Linux bridge, its address and the forwarding policy.
 *
 * @param subnet     the IPv4 subnet, null on an IPv6-only network (--ipv4=false)
 * @param gateway    the bridge's IPv4 address in it, else null
 * @param masquerade whether traffic from the subnet leaving through another interface is source-NATed
 * @param icc        whether containers on this bridge may talk to each other
 * @param internal   whether traffic may cross between this bridge and any other interface
 * @param subnet6    the IPv6 subnet of a dual-stack or IPv6-only network (--ipv6), else null
 * @param gateway6   the bridge's IPv6 address in it, else null
 */
record BridgeNetwork(String id, String bridgeName, Ipv4Subnet subnet, String gateway, int mtu,
                     boolean masquerade, boolean icc, boolean internal, Cidr6 subnet6, String gateway6) {

    static final String BRIDGE_NAME = "com.docker.network.bridge.name";
    static final String MTU = "com.docker.network.driver.mtu";
    static final String ENABLE_IP_MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
    static final String ENABLE_ICC = "com.docker.network.bridge.enable_icc";

    /** Daemon-wide settings a network's options can override. */
    record Defaults(int mtu, boolean masquerade) {
    }

    /** Reads a network spec with Docker's bridge driver options; invalid input is the client's fault. */
    static BridgeNetwork of(NetworkSpec spec, Defaults defaults) {
        if (spec.id() == null || spec.id().isEmpty()) {
            throw EngineException.invalid("network ID missing");
        }
        Map<String, String> options = spec.options() == null ? Map.of() : spec.options();
        String bridge = options.get(BRIDGE_NAME);
        bridge = bridge == null || bridge.isEmpty()
                ? InterfaceNames.defaultBridge(spec.id()) : InterfaceNames.requireValid(bridge, "bridge");
        NetworkSpec.IpamConfig ipam = ipv4Pool(spec);
        Ipv4Subnet subnet = null;
        String gateway = null;
        if (ipam != null) {
            subnet = Ipv4Subnet.parse(ipam.subnet());
            if (ipam.gateway() == null || ipam.gateway().isEmpty()) {
                throw EngineException.invalid("network %s: subnet %s has no gateway", spec.name(), ipam.subnet());
            }
            gateway = Ipv4.canonical(ipam.gateway());
            if (!subnet.contains(Ipv4.parse(gateway))) {
                throw EngineException.invalid("network %s: gateway %s is not in subnet %s", spec.name(), gateway,
                        subnet);
            }
        }
        int mtu = options.containsKey(MTU) ? parseMtu(options.get(MTU)) : defaults.mtu();
        boolean masquerade = defaults.masquerade() && parseBool(options, ENABLE_IP_MASQUERADE) && !spec.internal();
        Cidr6 subnet6 = null;
        String gateway6 = null;
        NetworkSpec.IpamConfig ipam6 = spec.enableIpv6() ? ipv6Pool(spec) : null;
        if (ipam6 != null) {
            try {
                subnet6 = Cidr6.parse(ipam6.subnet());
                gateway6 = Ipv6.canonical(ipam6.gateway());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw EngineException.invalid("network %s: invalid IPv6 subnet %s or gateway %s", spec.name(),
                        ipam6.subnet(), ipam6.gateway());
            }
            if (!subnet6.contains(Ipv6.parse(gateway6))) {
                throw EngineException.invalid("network %s: gateway %s is not in subnet %s", spec.name(), gateway6,
                        subnet6);
            }
        }
        return new BridgeNetwork(spec.id(), bridge, subnet, gateway, mtu, masquerade,
                parseBool(options, ENABLE_ICC), spec.internal(), subnet6, gateway6);
    }

    boolean hasIpv6() {
        return subnet6 != null;
    }

    boolean hasIpv4() {
        return subnet != null;
    }

    /** The bridge's own IPv6 address, {@code gateway6/prefix}. */
    String bridgeAddress6() {
        return gateway6 + "/" + subnet6.prefix();
    }

    private static NetworkSpec.IpamConfig ipv6Pool(NetworkSpec spec) {
        for (NetworkSpec.IpamConfig pool : spec.ipam() == null ? List.<NetworkSpec.IpamConfig>of() : spec.ipam()) {
            if (pool.subnet() != null && pool.subnet().contains(":")) {
                return pool;
            }
        }
        throw EngineException.invalid("network %s: IPv6 is enabled but it has no IPv6 subnet", spec.name());
    }

    /** The bridge's own address, {@code gateway/prefix}. */
    String bridgeAddress() {
        return gateway + "/" + subnet.prefixLength();
    }

    /**
     * The network's IPv4 pool (a dual-stack network has an IPv6 one besides), or null on an IPv6-only network,
     * which has IPv6 enabled and no IPv4 pool.
     */
    private static NetworkSpec.IpamConfig ipv4Pool(NetworkSpec spec) {
        if (spec.ipam() != null) {
            for (NetworkSpec.IpamConfig pool : spec.ipam()) {
                if (pool.subnet() != null && !pool.subnet().contains(":")) {
                    return pool;
                }
            }
        }
        if (spec.enableIpv6()) {
            return null;
        }
        throw EngineException.invalid("network %s: the bridge driver needs an IPv4 subnet", spec.name());
    }

    static int parseMtu(String value) {
        try {
            int mtu = Integer.parseInt(value.trim());
            if (mtu >= 68 && mtu <= 65535) {
                return mtu;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw EngineException.invalid("invalid MTU %s: a number from 68 to 65535 expected", value);
    }

    /** Go's strconv.ParseBool, as Docker reads these options; a missing option is true. */
    private static boolean parseBool(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isEmpty()) {
            return true;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw EngineException.invalid("invalid value %s for option %s: a boolean expected", value, key);
        };
    }
}
