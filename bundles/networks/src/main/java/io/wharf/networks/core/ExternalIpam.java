package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.IpamDriverResolver;
import io.wharf.api.network.NetworkSpec;
import io.wharf.networks.ipam.SubnetPlan;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import io.wharf.networks.store.NetworkRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPAM drivers other than Wharf's own ({@code --ipam-driver NAME}: registered {@link IpamDriver} services, or
 * plugins a {@link IpamDriverResolver} activates on first use). As in libnetwork, such a driver grants the pool and
 * the gateway when the network is made and each endpoint's address; the network service still records what was
 * granted in its own address book, so its checks and a restart see the same addresses.
 */
public final class ExternalIpam {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalIpam.class);
    private final Map<String, IpamDriver> registered = new ConcurrentHashMap<>();
    private final List<IpamDriverResolver> resolvers = new CopyOnWriteArrayList<>();

    public void add(String name, IpamDriver driver) {
        registered.put(name, driver);
    }

    public void remove(String name, IpamDriver driver) {
        registered.remove(name, driver);
    }

    public void addResolver(IpamDriverResolver resolver) {
        resolvers.add(resolver);
    }

    public void removeResolver(IpamDriverResolver resolver) {
        resolvers.remove(resolver);
    }

    /** The driver of that name; NOT_FOUND ({@code plugin "NAME" not found}, dockerd's words) when none has it. */
    IpamDriver require(String name) {
        IpamDriver driver = registered.get(name);
        for (int i = 0; driver == null && i < resolvers.size(); i++) {
            driver = resolvers.get(i).resolve(name);
        }
        if (driver == null) {
            throw EngineException.notFound("plugin \"%s\" not found", name);
        }
        return driver;
    }

    /**
     * Asks the driver for a pool (the requested subnet, or one of its choice) and for the gateway in it (the
     * requested one, or one of its choice). The pool is given back when the gateway cannot be had.
     */
    SubnetPlan plan(String driverName, NetworkSpec.IpamConfig requested) {
        IpamDriver driver = require(driverName);
        String subnet = requested == null ? null : blankToNull(requested.subnet());
        String range = requested == null ? null : blankToNull(requested.ipRange());
        String pool = driver.requestPool(subnet, range);
        try {
            Cidr cidr = Cidr.parse(pool.trim());
            String gateway = driver.requestAddress(pool, requested == null ? null : blankToNull(requested.gateway()));
            return new SubnetPlan(cidr, range == null ? null : Cidr.parse(range), Ipv4.parse(withoutPrefix(gateway)),
                    subnet != null);
        } catch (RuntimeException e) {
            releasePoolQuietly(driver, pool);
            throw e instanceof EngineException ? e : EngineException.system("IPAM driver " + driverName
                    + " granted an invalid pool or gateway: " + e.getMessage(), e);
        }
    }

    /** An endpoint's address from the network's driver: the static one asked for, or one of the driver's choice. */
    int allocate(NetworkRecord network, Integer staticAddress) {
        String granted = require(network.ipamDriver()).requestAddress(network.ipam().subnet(),
                staticAddress == null ? null : Ipv4.format(staticAddress));
        try {
            return Ipv4.parse(withoutPrefix(granted));
        } catch (IllegalArgumentException e) {
            throw EngineException.system("IPAM driver " + network.ipamDriver() + " granted an invalid address: "
                    + granted, e);
        }
    }

    /** Gives an endpoint's address back; a driver that is gone or refuses is logged (the address is the driver's). */
    void release(NetworkRecord network, int address) {
        try {
            require(network.ipamDriver()).releaseAddress(network.ipam().subnet(), Ipv4.format(address));
        } catch (RuntimeException e) {
            LOG.warn("IPAM driver {} did not release {}: {}", network.ipamDriver(), Ipv4.format(address),
                    e.getMessage());
        }
    }

    /** The network is gone: its gateway and then its pool go back to the driver. */
    void releaseNetwork(NetworkRecord network) {
        if (network.ipam() == null) {
            return;
        }
        try {
            IpamDriver driver = require(network.ipamDriver());
            driver.releaseAddress(network.ipam().subnet(), network.ipam().gateway());
            driver.releasePool(network.ipam().subnet());
        } catch (RuntimeException e) {
            LOG.warn("IPAM driver {} did not release pool {}: {}", network.ipamDriver(), network.ipam().subnet(),
                    e.getMessage());
        }
    }

    private static void releasePoolQuietly(IpamDriver driver, String pool) {
        try {
            driver.releasePool(pool);
        } catch (RuntimeException e) {
            LOG.warn("IPAM driver {} did not release pool {}: {}", driver.name(), pool, e.getMessage());
        }
    }

    /** Drivers answer addresses as dockerd's do, with their prefix ({@code 10.1.0.2/24}). */
    private static String withoutPrefix(String address) {
        if (address == null) {
            throw new IllegalArgumentException("no address");
        }
        int slash = address.indexOf('/');
        return (slash < 0 ? address : address.substring(0, slash)).trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
