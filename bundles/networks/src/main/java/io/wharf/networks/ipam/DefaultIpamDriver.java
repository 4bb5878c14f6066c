package io.wharf.networks.ipam;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.util.List;
import java.util.function.Supplier;

/**
 * Docker's {@code default} IPAM driver behind the {@link IpamDriver} SPI: the same pool choice, validation and
 * address allocation as {@link Ipam}, with pools named by their CIDR as the IPAM plugin protocol names them.
 * Addresses are answered without a prefix length.
 */
public final class DefaultIpamDriver implements IpamDriver {
    private final Ipam ipam;
    private final java.util.Map<String, Cidr> pools = new java.util.LinkedHashMap<>();

    public DefaultIpamDriver(List<AddressPools.Pool> defaultPools, Supplier<List<Cidr>> hostNetworks) {
        this.ipam = new Ipam(defaultPools, hostNetworks);
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public synchronized String requestPool(String subnet, String ipRange) {
        SubnetPlan plan = ipam.plan(new NetworkSpec.IpamConfig(subnet, ipRange, null), pools.values());
        String name = plan.subnet().toString();
        ipam.addNetwork(name, plan);
        pools.put(name, plan.subnet());
        return name;
    }

    @Override
    public synchronized void releasePool(String subnet) {
        pool(subnet);
        pools.remove(subnet);
        ipam.removeNetwork(subnet);
    }

    @Override
    public synchronized String requestAddress(String subnet, String address) {
        pool(subnet);
        int granted = address == null || address.isBlank()
                ? ipam.allocate(subnet)
                : ipam.reserve(subnet, parse(address));
        return Ipv4.format(granted);
    }

    @Override
    public synchronized void releaseAddress(String subnet, String address) {
        pool(subnet);
        ipam.release(subnet, parse(address));
    }

    private Cidr pool(String subnet) {
        Cidr pool = pools.get(subnet);
        if (pool == null) {
            throw EngineException.notFound("no address pool %s", subnet);
        }
        return pool;
    }

    private static int parse(String address) {
        try {
            return Ipv4.parse(address);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid IPv4 address %s", address);
        }
    }
}
