package io.wharf.volumes.service;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeDriverResolver;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume drivers present now, by their {@value VolumeDriver#NAME_PROPERTY}; they come and go at any time. A
 * name no registered driver has is asked of the {@link VolumeDriverResolver}s (plugins activated on first use).
 * A driver that went away while the service ran (its bundle being replaced with {@code Bundle.update}) is waited
 * for, up to {@link #DRIVER_RETURN_MILLIS}, so that a volume used meanwhile does not fail.
 */
public final class VolumeDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeDrivers.class);
    static final long DRIVER_RETURN_MILLIS = 10_000;
    private final Map<String, VolumeDriver> byName = new ConcurrentHashMap<>();
    private final List<VolumeDriverResolver> resolvers = new CopyOnWriteArrayList<>();
    /** Names whose driver went away and has not come back; waiters are woken on this set's monitor. */
    private final Set<String> replaced = new HashSet<>();
    private final long driverReturnMillis;
    /** Drivers of the stored volumes that were not registered when the service started, awaited until then. */
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private volatile long expectedUntil;

    public VolumeDrivers() {
        this(DRIVER_RETURN_MILLIS);
    }

    /** Tests: how long a lookup waits for a driver that went away. */
    VolumeDrivers(long driverReturnMillis) {
        this.driverReturnMillis = driverReturnMillis;
    }

    /** The service property names the driver; a driver registered without it is known by its own name. */
    public static String nameOf(VolumeDriver driver, Map<String, ?> properties) {
        Object name = properties == null ? null : properties.get(VolumeDriver.NAME_PROPERTY);
        return name != null ? name.toString() : driver.name();
    }

    public void add(String name, VolumeDriver driver) {
        byName.put(name, driver);
        synchronized (replaced) {
            replaced.remove(name);
            replaced.notifyAll();
        }
    }

    /** Removes the driver only if it is still the one registered under that name. */
    public void remove(String name, VolumeDriver driver) {
        synchronized (replaced) {
            if (byName.remove(name, driver)) {
                replaced.add(name);
            }
        }
    }

    /**
     * The service starts knowing volumes of these drivers: one not registered yet is awaited, up to the bound from
     * now, as one that went away. A refresh of the logging bundle restarts this bundle with the local driver's,
     * and this one may be up first; the resolvers (plugins, activated on use) are asked before the wait.
     */
    public void expect(Collection<String> names) {
        expectedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(driverReturnMillis);
        expected.addAll(names);
    }

    public void addResolver(VolumeDriverResolver resolver) {
        resolvers.add(resolver);
    }

    public void removeResolver(VolumeDriverResolver resolver) {
        resolvers.remove(resolver);
    }

    /** The driver of that name, activated if a resolver has it; null when none can be had now. */
    VolumeDriver find(String name) {
        try {
            return resolve(name);
        } catch (RuntimeException e) {
            LOG.warn("volume driver {} is not available: {}", name, e.getMessage());
            return null;
        }
    }

    private VolumeDriver resolve(String name) {
        if (name == null) {
            return null;
        }
        VolumeDriver driver = byName.get(name);
        if (driver == null) {
            driver = awaitReturn(name);
        }
        for (int i = 0; driver == null && i < resolvers.size(); i++) {
            driver = resolvers.get(i).resolve(name);
            if (driver != null) {
                byName.putIfAbsent(name, driver); // its service registration may not have reached us yet
            }
        }
        if (driver == null && expected.contains(name)) {
            driver = awaitFirst(name);
        }
        return driver;
    }

    /** The driver of a stored volume once it registers, while the service's start is recent; else null. */
    private VolumeDriver awaitFirst(String name) {
        return await(name, () -> !byName.containsKey(name), expectedUntil);
    }

    /** The driver of a name that went away, once it is back; null when it was not replaced or stays away. */
    private VolumeDriver awaitReturn(String name) {
        return await(name, () -> replaced.contains(name),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(driverReturnMillis));
    }

    /** Waits while the driver is away, up to the deadline (add() wakes the waiters); null if it stays away. */
    private VolumeDriver await(String name, BooleanSupplier away, long deadlineNanos) {
        synchronized (replaced) {
            while (away.getAsBoolean()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                try {
                    replaced.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return byName.get(name);
    }

    /** The driver for a new volume; dockerd's wording when there is none, a failed activation's error as is. */
    VolumeDriver require(String name) {
        VolumeDriver driver = resolve(name);
        if (driver == null) {
            throw EngineException.notFound("error looking up volume plugin %s: plugin \"%s\" not found", name, name);
        }
        return driver;
    }

    /** A snapshot, sorted by name, so that listings are stable. */
    Map<String, VolumeDriver> all() {
        return new TreeMap<>(byName);
    }

    /** As {@link #all()}, after activating every driver the resolvers can (dockerd's volume ls does so too). */
    Map<String, VolumeDriver> allActivated() {
        for (VolumeDriverResolver resolver : resolvers) {
            try {
                resolver.resolveAll().forEach(d -> byName.putIfAbsent(d.name(), d));
            } catch (RuntimeException e) {
                LOG.warn("cannot activate volume plugins: {}", e.getMessage());
            }
        }
        return all();
    }
}
