package io.wharf.networks.ipam;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Docker's default IPAM driver for IPv4: picks subnets for new networks and addresses for endpoints. It keeps
 * no state of its own on disk: the network service rebuilds it from the stored networks and live endpoints.
 * Not thread-safe; the network service serialises its calls.
 */
public final class Ipam {
    private final List<AddressPools.Pool> pools;
    private final Supplier<List<Cidr>> hostNetworks;
    private final Map<String, Subnet> networks = new HashMap<>();
    private final Ipv6Ipam v6;

    /**
     * @param hostNetworks the blocks the host already routes ({@link HostRoutes#read}); read anew for every
     *                     pool choice because interfaces come and go
     */
    public Ipam(List<AddressPools.Pool> pools, Supplier<List<Cidr>> hostNetworks, Ipv6Ipam v6) {
        this.pools = List.copyOf(pools);
        this.hostNetworks = hostNetworks;
        this.v6 = v6;
    }

    /** With a new random ULA prefix for IPv6 subnets (tests, and daemons without stored state). */
    public Ipam(List<AddressPools.Pool> pools, Supplier<List<Cidr>> hostNetworks) {
        this(pools, hostNetworks, new Ipv6Ipam(UlaPrefix.random(new SecureRandom())));
    }

    /** The IPv6 side, for dual-stack networks. */
    public Ipv6Ipam v6() {
        return v6;
    }

    // ------------------------------------------------------------------ subnets

    /**
     * Validates a requested IPv4 configuration the way dockerd does, or picks a subnet from the pools when none
     * is requested. {@code inUse} are the subnets of the other networks.
     */
    public SubnetPlan plan(NetworkSpec.IpamConfig requested, Collection<Cidr> inUse) {
        if (requested == null || blank(requested.subnet())) {
            if (requested != null && (!blank(requested.ipRange()) || !blank(requested.gateway()))) {
                throw EngineException.invalid("invalid network config:\n"
                        + "every ip-range or gateway must have a corresponding subnet");
            }
            Cidr subnet = choosePool(inUse);
            return new SubnetPlan(subnet, null, subnet.firstHost(), false);
        }
        SubnetPlan plan = validate(requested);
        for (Cidr other : inUse) {
            if (other.overlaps(plan.subnet())) {
                throw new EngineException(ErrorKind.FORBIDDEN, "invalid pool request: "
                        + "Pool overlaps with other one on this address space");
            }
        }
        return plan;
    }

    /** The first subnet of the pools that neither another network nor the host uses. */
    public Cidr choosePool(Collection<Cidr> inUse) {
        List<Cidr> taken = new ArrayList<>(inUse);
        taken.addAll(hostNetworks.get());
        for (AddressPools.Pool pool : pools) {
            for (long i = 0; i < pool.count(); i++) {
                Cidr candidate = pool.subnet(i);
                if (taken.stream().noneMatch(candidate::overlaps)) {
                    return candidate;
                }
            }
        }
        throw EngineException.unavailable("all predefined address pools have been fully subnetted");
    }

    /** Docker's ValidateIPAM for one IPv4 configuration with a subnet. */
    static SubnetPlan validate(NetworkSpec.IpamConfig c) {
        List<String> errors = new ArrayList<>();
        Cidr subnet;
        try {
            subnet = Cidr.parse(c.subnet());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid network config:\ninvalid subnet %s: invalid CIDR block notation",
                    c.subnet());
        }
        if (Cidr.hasHostBits(c.subnet())) {
            errors.add("invalid subnet " + c.subnet() + ": it should be " + subnet);
        }
        if (subnet.prefix() > 30) {
            errors.add("invalid subnet " + c.subnet() + ": a network needs at least a /30 on Wharf");
        }
        Cidr range = null;
        if (!blank(c.ipRange())) {
            try {
                range = Cidr.parse(c.ipRange());
                if (range.prefix() < subnet.prefix()) {
                    errors.add("invalid ip-range " + c.ipRange() + ": CIDR block is bigger than its parent subnet "
                            + subnet);
                }
                if (Cidr.hasHostBits(c.ipRange())) {
                    errors.add("invalid ip-range " + c.ipRange() + ": it should be " + range);
                }
                if (!subnet.overlaps(range)) {
                    errors.add("invalid ip-range " + c.ipRange() + ": parent subnet " + subnet
                            + " doesn't contain ip-range");
                }
            } catch (IllegalArgumentException e) {
                errors.add("invalid ip-range " + c.ipRange() + ": invalid CIDR block notation");
            }
        }
        int gateway = subnet.firstHost();
        if (!blank(c.gateway())) {
            try {
                gateway = Ipv4.parse(c.gateway());
                if (!subnet.contains(gateway)) {
                    errors.add("invalid gateway " + c.gateway() + ": parent subnet " + subnet
                            + " doesn't contain this address");
                } else if (gateway == subnet.network() || gateway == subnet.last()) {
                    errors.add("invalid gateway " + c.gateway() + ": it is the network or broadcast address of "
                            + subnet);
                }
            } catch (IllegalArgumentException e) {
                errors.add("invalid gateway " + c.gateway() + ": invalid address");
            }
        }
        if (!errors.isEmpty()) {
            throw EngineException.invalid("invalid network config:\n%s", String.join("\n", errors));
        }
        return new SubnetPlan(subnet, range == null || range.equals(subnet) ? null : range, gateway, true);
    }

    // ------------------------------------------------------------------ addresses

    /** Starts handing out addresses of a network (at creation, or when the service loads it). */
    public void addNetwork(String networkId, SubnetPlan plan) {
        networks.put(networkId, new Subnet(plan));
    }

    public void removeNetwork(String networkId) {
        networks.remove(networkId);
    }

    public boolean hasNetwork(String networkId) {
        return networks.containsKey(networkId);
    }

    /** The lowest free address of the network's range, never its network, broadcast or gateway address. */
    public int allocate(String networkId) {
        return subnet(networkId).allocate();
    }

    /** Takes a requested (static) address: it must lie in the subnet and be free. */
    public int reserve(String networkId, int address) {
        return subnet(networkId).reserve(address);
    }

    /** Marks an address of a live endpoint as taken when loading; false if it does not fit the subnet any more. */
    public boolean restore(String networkId, int address) {
        Subnet s = networks.get(networkId);
        if (s == null || !s.usable(address) || s.allocated.contains(address)) {
            return false;
        }
        s.allocated.add(address);
        return true;
    }

    public void release(String networkId, int address) {
        Subnet s = networks.get(networkId);
        if (s != null) {
            s.allocated.remove(address);
        }
    }

    private Subnet subnet(String networkId) {
        Subnet s = networks.get(networkId);
        if (s == null) {
            throw new IllegalStateException("network " + networkId + " has no address pool");
        }
        return s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** One network's subnet and its taken addresses. */
    private static final class Subnet {
        private final SubnetPlan plan;
        private final Set<Integer> allocated = new HashSet<>();

        Subnet(SubnetPlan plan) {
            this.plan = plan;
        }

        boolean usable(int address) {
            Cidr subnet = plan.subnet();
            return subnet.contains(address) && address != subnet.network() && address != subnet.last()
                    && address != plan.gateway() && !plan.auxAddresses().containsValue(address);
        }

        int allocate() {
            Cidr range = plan.allocationRange();
            long first = Integer.toUnsignedLong(range.network());
            long last = Integer.toUnsignedLong(range.last());
            for (long a = first; a <= last; a++) {
                int address = (int) a;
                if (usable(address) && !allocated.contains(address)) {
                    allocated.add(address);
                    return address;
                }
            }
            throw EngineException.unavailable("no available IPv4 addresses on this network's address pools: %s",
                    plan.allocationRange());
        }

        int reserve(int address) {
            Cidr subnet = plan.subnet();
            if (!subnet.contains(address) || address == subnet.network() || address == subnet.last()) {
                throw EngineException.invalid("invalid endpoint settings:\n"
                        + "no configured subnet or ip-range contain the IP address %s", Ipv4.format(address));
            }
            if (address == plan.gateway() || plan.auxAddresses().containsValue(address)
                    || allocated.contains(address)) {
                throw new EngineException(ErrorKind.FORBIDDEN, "Address already in use");
            }
            allocated.add(address);
            return address;
        }
    }
}
