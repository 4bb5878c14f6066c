package io.wharf.networks.store;

import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.ipam.Ipv6Plan;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.net.Cidr;
import io.wharf.support.Cidr6;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network as stored in {@code <data-root>/network/networks/<id>.json}.
 *
 * @param created RFC3339 with nanoseconds
 * @param ipam    the IPv4 addressing; null for drivers that give no addresses (host, null) and on IPv6-only
 *                networks
 * @param ipam6   the IPv6 addressing of a dual-stack or IPv6-only network (--ipv6), else null (and in records
 *                stored before)
 * @param ipamDriver the IPAM driver that granted {@code ipam} (--ipam-driver); null or "default" for Wharf's own
 */
public record NetworkRecord(String id, String name, String driver, String created, boolean internal,
                            boolean attachable, Map<String, String> ipamOptions, Ipam ipam,
                            Map<String, String> options, Map<String, String> labels, boolean predefined,
                            Ipam6 ipam6, String ipamDriver) {
    public static final String DEFAULT_IPAM = "default";

    public NetworkRecord {
        ipamDriver = ipamDriver == null || ipamDriver.isEmpty() ? DEFAULT_IPAM : ipamDriver;
        ipamOptions = ipamOptions == null ? Map.of() : Map.copyOf(ipamOptions);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A network whose addresses come from Wharf's own IPAM. */
    public NetworkRecord(String id, String name, String driver, String created, boolean internal,
                         boolean attachable, Map<String, String> ipamOptions, Ipam ipam,
                         Map<String, String> options, Map<String, String> labels, boolean predefined,
                         Ipam6 ipam6) {
        this(id, name, driver, created, internal, attachable, ipamOptions, ipam, options, labels, predefined, ipam6,
                DEFAULT_IPAM);
    }

    /** An IPv4-only network. */
    public NetworkRecord(String id, String name, String driver, String created, boolean internal,
                         boolean attachable, Map<String, String> ipamOptions, Ipam ipam,
                         Map<String, String> options, Map<String, String> labels, boolean predefined) {
        this(id, name, driver, created, internal, attachable, ipamOptions, ipam, options, labels, predefined, null);
    }

    /** Whether an IPAM driver other than Wharf's own (a plugin) grants the addresses. */
    public boolean externalIpam() {
        return !DEFAULT_IPAM.equals(ipamDriver);
    }

    public boolean enableIpv6() {
        return ipam6 != null;
    }

    /** --ipv6 --ipv4=false: addresses of the IPv6 pool only (a network without any pool has no addresses). */
    public boolean ipv6Only() {
        return ipam == null && ipam6 != null;
    }

    /** Whether the network gives its endpoints addresses at all (not host, none, nor a driver without IPAM). */
    public boolean addressed() {
        return ipam != null || ipam6 != null;
    }

    /**
     * The IPv6 subnet, the range addresses come from (null: the whole subnet), the gateway and the auxiliary
     * addresses (absent from networks stored before Wharf had them).
     */
    public record Ipam6(String subnet, String ipRange, String gateway, boolean userConfigured,
                        Map<String, String> auxAddresses) {
        public Ipam6 {
            auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        }

        public static Ipam6 of(Ipv6Plan plan) {
            NetworkSpec.IpamConfig c = plan.toConfig();
            Map<String, String> aux = new TreeMap<>();
            plan.auxAddresses().forEach((name, address) -> aux.put(name, Ipv6.format(address)));
            return new Ipam6(c.subnet(), c.ipRange(), c.gateway(), plan.userConfigured(), aux);
        }

        public Ipv6Plan plan() {
            Map<String, BigInteger> aux = new TreeMap<>();
            auxAddresses.forEach((name, address) -> aux.put(name, Ipv6.parse(address)));
            return new Ipv6Plan(Cidr6.parse(subnet), ipRange == null ? null : Cidr6.parse(ipRange),
                    Ipv6.parse(gateway), userConfigured, aux);
        }

        public NetworkSpec.IpamConfig config() {
            return new NetworkSpec.IpamConfig(subnet, ipRange, gateway);
        }
    }

    /**
     * The subnet, the range addresses come from (null: the whole subnet), the gateway and the auxiliary
     * addresses (absent from networks stored before Wharf had them).
     */
    public record Ipam(String subnet, String ipRange, String gateway, boolean userConfigured,
                       Map<String, String> auxAddresses) {
        public Ipam {
            auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        }

        public static Ipam of(SubnetPlan plan) {
            NetworkSpec.IpamConfig c = plan.toConfig();
            Map<String, String> aux = new TreeMap<>();
            plan.auxAddresses().forEach((name, address) -> aux.put(name, Ipv4.format(address)));
            return new Ipam(c.subnet(), c.ipRange(), c.gateway(), plan.userConfigured(), aux);
        }

        public SubnetPlan plan() {
            Map<String, Integer> aux = new TreeMap<>();
            auxAddresses.forEach((name, address) -> aux.put(name, Ipv4.parse(address)));
            return new SubnetPlan(Cidr.parse(subnet), ipRange == null ? null : Cidr.parse(ipRange),
                    Ipv4.parse(gateway), userConfigured, aux);
        }

        public NetworkSpec.IpamConfig config() {
            return new NetworkSpec.IpamConfig(subnet, ipRange, gateway);
        }
    }

    public NetworkRecord withIpam(Ipam newIpam) {
        return new NetworkRecord(id, name, driver, created, internal, attachable, ipamOptions, newIpam, options,
                labels, predefined, ipam6, ipamDriver);
    }

    public NetworkRecord withIpam6(Ipam6 newIpam6) {
        return new NetworkRecord(id, name, driver, created, internal, attachable, ipamOptions, ipam, options,
                labels, predefined, newIpam6, ipamDriver);
    }

    public NetworkRecord withOptions(Map<String, String> newOptions) {
        return new NetworkRecord(id, name, driver, created, internal, attachable, ipamOptions, ipam, newOptions,
                labels, predefined, ipam6, ipamDriver);
    }
}
