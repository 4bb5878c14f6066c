package io.wharf.networks.ipam;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.NetworkSpec;
import io.wharf.support.Cidr6;
import io.wharf.support.Ipv6;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's default IPAM for IPv6: a network created with {@code --ipv6} and no IPv6 subnet gets the next free
 * /64 of the daemon's ULA prefix (a /48 of fd00::/8 whose global ID is made once per daemon, as moby derives
 * one from its engine ID); addresses are handed out in order after the gateway. Not thread-safe; the network
 * service serialises its calls.
 */
public final class Ipv6Ipam {
    private static final int DEFAULT_SUBNET_PREFIX = 64;
    private static final BigInteger MAX_SCAN = BigInteger.valueOf(65536);
    private final Cidr6 ulaBase;
    private final Map<String, Addresses> networks = new HashMap<>();

    /** @param ulaBase the /48 the default subnets come from */
    public Ipv6Ipam(Cidr6 ulaBase) {
        this.ulaBase = ulaBase;
    }

    /** Validates a requested IPv6 configuration as dockerd does, or picks the next free /64 when none is given. */
    public Ipv6Plan plan(NetworkSpec.IpamConfig requested, Collection<Cidr6> inUse) {
        if (requested == null || blank(requested.subnet())) {
            if (requested != null && (!blank(requested.ipRange()) || !blank(requested.gateway()))) {
                throw EngineException.invalid("invalid network config:\n"
                        + "every ip-range or gateway must have a corresponding subnet");
            }
            Cidr6 subnet = choose(inUse);
            return new Ipv6Plan(subnet, null, subnet.firstHost(), false);
        }
        Ipv6Plan plan = validate(requested);
        for (Cidr6 other : inUse) {
            if (other.overlaps(plan.subnet())) {
                throw new EngineException(ErrorKind.FORBIDDEN, "invalid pool request: "
                        + "Pool overlaps with other one on this address space");
            }
        }
        return plan;
    }

    private Cidr6 choose(Collection<Cidr6> inUse) {
        int count = 1 << (DEFAULT_SUBNET_PREFIX - ulaBase.prefix());
        for (int i = 0; i < count; i++) {
            Cidr6 candidate = new Cidr6(ulaBase.network().add(BigInteger.valueOf(i)
                    .shiftLeft(128 - DEFAULT_SUBNET_PREFIX)), DEFAULT_SUBNET_PREFIX);
            if (inUse.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw EngineException.unavailable("all predefined address pools have been fully subnetted");
    }

    static Ipv6Plan validate(NetworkSpec.IpamConfig c) {
        Cidr6 subnet;
        try {
            subnet = Cidr6.parse(c.subnet());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid network config:\ninvalid subnet %s: invalid CIDR block notation",
                    c.subnet());
        }
        List<String> errors = new ArrayList<>();
        if (Cidr6.hasHostBits(c.subnet())) {
            errors.add("invalid subnet " + c.subnet() + ": it should be " + subnet);
        }
        if (subnet.prefix() > 126) {
            errors.add("invalid subnet " + c.subnet() + ": a network needs at least a /126 on Wharf");
        }
        Cidr6 range = null;
        if (!blank(c.ipRange())) {
            try {
                range = Cidr6.parse(c.ipRange());
                if (range.prefix() < subnet.prefix()) {
                    errors.add("invalid ip-range " + c.ipRange() + ": CIDR block is bigger than its parent subnet "
                            + subnet);
                } else if (!subnet.contains(range)) {
                    errors.add("invalid ip-range " + c.ipRange() + ": parent subnet " + subnet
                            + " doesn't contain ip-range");
                }
            } catch (IllegalArgumentException e) {
                errors.add("invalid ip-range " + c.ipRange() + ": invalid CIDR block notation");
            }
        }
        BigInteger gateway = subnet.firstHost();
        if (!blank(c.gateway())) {
            try {
                gateway = Ipv6.parse(c.gateway());
                if (!subnet.contains(gateway)) {
                    errors.add("invalid gateway " + c.gateway() + ": parent subnet " + subnet
                            + " doesn't contain this address");
                } else if (gateway.equals(subnet.network())) {
                    errors.add("invalid gateway " + c.gateway() + ": it is the subnet-router anycast address of "
                            + subnet);
                }
            } catch (IllegalArgumentException e) {
                errors.add("invalid gateway " + c.gateway() + ": invalid address");
            }
        }
        if (!errors.isEmpty()) {
            throw EngineException.invalid("invalid network config:\n%s", String.join("\n", errors));
        }
        return new Ipv6Plan(subnet, range == null || range.equals(subnet) ? null : range, gateway, true);
    }

    public void addNetwork(String networkId, Ipv6Plan plan) {
        networks.put(networkId, new Addresses(plan));
    }

    public void removeNetwork(String networkId) {
        networks.remove(networkId);
    }

    /** The lowest free address of the range, never the subnet-router anycast address nor the gateway. */
    public BigInteger allocate(String networkId) {
        Addresses a = addresses(networkId);
        Cidr6 range = a.plan.allocationRange();
        BigInteger candidate = range.network();
        for (BigInteger scanned = BigInteger.ZERO; candidate.compareTo(range.last()) <= 0
                && scanned.compareTo(MAX_SCAN.add(BigInteger.valueOf(a.taken.size()))) < 0;
             candidate = candidate.add(BigInteger.ONE), scanned = scanned.add(BigInteger.ONE)) {
            if (a.usable(candidate) && a.taken.add(candidate)) {
                return candidate;
            }
        }
        throw EngineException.unavailable("no available IPv6 addresses on this network's address pools: %s",
                range);
    }

    /** Takes a requested (--ip6) address: it must lie in the subnet and be free. */
    public BigInteger reserve(String networkId, BigInteger address) {
        Addresses a = addresses(networkId);
        if (!a.plan.subnet().contains(address) || address.equals(a.plan.subnet().network())) {
            throw EngineException.invalid("invalid endpoint settings:\n"
                    + "no configured subnet or ip-range contain the IP address %s", Ipv6.format(address));
        }
        if (address.equals(a.plan.gateway()) || a.plan.auxAddresses().containsValue(address)
                || !a.taken.add(address)) {
            throw new EngineException(ErrorKind.FORBIDDEN, "Address already in use");
        }
        return address;
    }

    /** Marks a live endpoint's address as taken when loading; false if it does not fit the subnet any more. */
    public boolean restore(String networkId, BigInteger address) {
        Addresses a = networks.get(networkId);
        return a != null && a.usable(address) && a.taken.add(address);
    }

    public void release(String networkId, BigInteger address) {
        Addresses a = networks.get(networkId);
        if (a != null) {
            a.taken.remove(address);
        }
    }

    private Addresses addresses(String networkId) {
        Addresses a = networks.get(networkId);
        if (a == null) {
            throw new IllegalStateException("network " + networkId + " has no IPv6 address pool");
        }
        return a;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** One network's IPv6 subnet and its taken addresses. */
    private static final class Addresses {
        private final Ipv6Plan plan;
        private final Set<BigInteger> taken = new HashSet<>();

        Addresses(Ipv6Plan plan) {
            this.plan = plan;
        }

        boolean usable(BigInteger address) {
            return plan.subnet().contains(address) && !address.equals(plan.subnet().network())
                    && !address.equals(plan.gateway()) && !plan.auxAddresses().containsValue(address);
        }
    }
}
