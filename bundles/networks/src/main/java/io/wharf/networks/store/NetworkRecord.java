package io.wharf.networks.store;

import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network as stored in {@code <data-root>/network/networks/<id>.json}.
 *
 * @param created RFC3339 with nanoseconds
 * @param ipam    the IPv4 addressing; null for drivers that give no addresses (host, null)
 */
public record NetworkRecord(String id, String name, String driver, String created, boolean internal,
                            boolean attachable, Map<String, String> ipamOptions, Ipam ipam,
                            Map<String, String> options, Map<String, String> labels, boolean predefined) {
    public NetworkRecord {
        ipamOptions = ipamOptions == null ? Map.of() : Map.copyOf(ipamOptions);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
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
                labels, predefined);
    }

    public NetworkRecord withOptions(Map<String, String> newOptions) {
        return new NetworkRecord(id, name, driver, created, internal, attachable, ipamOptions, ipam, newOptions,
                labels, predefined);
    }
}
