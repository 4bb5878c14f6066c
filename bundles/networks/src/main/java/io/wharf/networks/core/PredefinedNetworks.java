package io.wharf.networks.core;

import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.ipam.Ipv6Plan;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.net.Cidr;
import io.wharf.support.Cidr6;
import io.wharf.networks.ports.HostBindingAddress;
import io.wharf.networks.store.NetworkRecord;
import io.wharf.networks.support.Ids;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks every daemon has: {@code bridge} (the default bridge, shaped by {@code bip}, {@code fixed-cidr},
 * {@code bridge} and {@code mtu}), {@code host} and {@code none}. Made at the first start and kept; the default
 * bridge follows the configuration when it changed since.
 */
public final class PredefinedNetworks {
    public static final String BRIDGE = "bridge";
    public static final String HOST = "host";
    public static final String NONE = "none";
    public static final Set<String> NAMES = Set.of(BRIDGE, HOST, NONE);
    private static final Logger LOG = LoggerFactory.getLogger(PredefinedNetworks.class);
    private final DefaultBridgeSettings config;

    public PredefinedNetworks(DefaultBridgeSettings config) {
        this.config = config;
    }

    /**
     * The predefined networks as they should be now: the stored ones, updated, or new ones.
     *
     * @param stored  the stored predefined network of a name, or null
     * @param others  the subnets of the user-defined networks, which a new default bridge must not overlap
     * @param others6 their IPv6 subnets
     */
    List<NetworkRecord> reconcile(Map<String, NetworkRecord> stored, Ipam ipam, Collection<Cidr> others,
                                  Collection<Cidr6> others6, Instant now) {
        List<NetworkRecord> wanted = new ArrayList<>();
        wanted.add(bridge(stored.get(BRIDGE), ipam, others, others6, now));
        wanted.add(stored.containsKey(HOST) ? stored.get(HOST) : addressless(HOST, "host", now));
        wanted.add(stored.containsKey(NONE) ? stored.get(NONE) : addressless(NONE, "null", now));
        return wanted;
    }

    private NetworkRecord bridge(NetworkRecord stored, Ipam ipam, Collection<Cidr> others,
                                 Collection<Cidr6> others6, Instant now) {
        SubnetPlan plan = bridgeAddressing(stored, ipam, others);
        NetworkRecord.Ipam addressing = NetworkRecord.Ipam.of(plan);
        NetworkRecord.Ipam6 addressing6 = config.ipv6() ? NetworkRecord.Ipam6.of(bridgeIpv6(stored, ipam, others6))
                : null;
        Map<String, String> options = bridgeOptions();
        if (stored == null) {
            return new NetworkRecord(Ids.random(), BRIDGE, "bridge", Times.rfc3339Nano(now), false, false, Map.of(),
                    addressing, options, Map.of(), true, addressing6);
        }
        if (!addressing.equals(stored.ipam()) || !options.equals(stored.options())) {
            LOG.info("the default bridge's configuration changed: {} {} (was {} {})", addressing, options,
                    stored.ipam(), stored.options());
        }
        return stored.withIpam(addressing).withIpam6(addressing6).withOptions(options);
    }

    /** {@code fixed-cidr-v6}, else the stored IPv6 subnet, else a /64 of the daemon's ULA prefix. */
    private Ipv6Plan bridgeIpv6(NetworkRecord stored, Ipam ipam, Collection<Cidr6> others6) {
        String fixed = config.fixedCidrV6() == null ? "" : config.fixedCidrV6().trim();
        if (!fixed.isEmpty()) {
            Cidr6 subnet = Cidr6.parse(fixed);
            return new Ipv6Plan(subnet, null, subnet.firstHost(), false);
        }
        if (stored != null && stored.ipam6() != null) {
            return stored.ipam6().plan();
        }
        return ipam.v6().plan(null, others6);
    }

    /** {@code bip} ("172.17.0.1/16": the gateway and its subnet), else the stored subnet, else a free pool. */
    private SubnetPlan bridgeAddressing(NetworkRecord stored, Ipam ipam, Collection<Cidr> others) {
        Cidr subnet;
        int gateway;
        if (config.bip() != null && !config.bip().isBlank()) {
            subnet = Cidr.parse(config.bip().trim());
            gateway = Cidr.addressOf(config.bip().trim());
            if (gateway == subnet.network() || gateway == subnet.last()) {
                gateway = subnet.firstHost();
            }
        } else if (stored != null && stored.ipam() != null) {
            SubnetPlan kept = stored.ipam().plan();
            subnet = kept.subnet();
            gateway = kept.gateway();
        } else {
            subnet = ipam.choosePool(others);
            gateway = subnet.firstHost();
        }
        Cidr range = null;
        if (config.fixedCidr() != null && !config.fixedCidr().isBlank()) {
            Cidr fixed = Cidr.parse(config.fixedCidr().trim());
            if (subnet.contains(fixed)) {
                range = fixed.equals(subnet) ? null : fixed;
            } else {
                LOG.warn("fixed-cidr {} is not inside the default bridge's subnet {}; ignoring it", fixed, subnet);
            }
        }
        return new SubnetPlan(subnet, range, gateway, false);
    }

    private Map<String, String> bridgeOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("com.docker.network.bridge.default_bridge", "true");
        o.put("com.docker.network.bridge.enable_icc", String.valueOf(config.icc()));
        o.put("com.docker.network.bridge.enable_ip_masquerade",
                String.valueOf(config.ipMasq()));
        o.put(HostBindingAddress.OPTION, config.hostBindingIp().isEmpty() ? "0.0.0.0" : config.hostBindingIp());
        o.put("com.docker.network.bridge.name", config.bridge().isEmpty() ? "wharf0" : config.bridge());
        o.put("com.docker.network.driver.mtu", String.valueOf(config.mtu() <= 0 ? 1500 : config.mtu()));
        return o;
    }

    private static NetworkRecord addressless(String name, String driver, Instant now) {
        return new NetworkRecord(Ids.random(), name, driver, Times.rfc3339Nano(now), false, false, Map.of(), null,
                Map.of(), Map.of(), true);
    }
}
