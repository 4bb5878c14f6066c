package io.wharf.volumes.service;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeDriverResolver;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume drivers present now, by their {@value VolumeDriver#NAME_PROPERTY}; they come and go at any time. A
 * name no registered driver has is asked of the {@link VolumeDriverResolver}s (plugins activated on first use).
 */
public final class VolumeDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeDrivers.class);
    private final Map<String, VolumeDriver> byName = new ConcurrentHashMap<>();
    private final List<VolumeDriverResolver> resolvers = new CopyOnWriteArrayList<>();

    /** The service property names the driver; a driver registered without it is known by its own name. */
    public static String nameOf(VolumeDriver driver, Map<String, ?> properties) {
        Object name = properties == null ? null : properties.get(VolumeDriver.NAME_PROPERTY);
        return name != null ? name.toString() : driver.name();
    }

    public void add(String name, VolumeDriver driver) {
        byName.put(name, driver);
    }

    /** Removes the driver only if it is still the one registered under that name. */
    public void remove(String name, VolumeDriver driver) {
        byName.remove(name, driver);
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
        for (int i = 0; driver == null && i < resolvers.size(); i++) {
            driver = resolvers.get(i).resolve(name);
            if (driver != null) {
                byName.putIfAbsent(name, driver); // its service registration may not have reached us yet
            }
        }
        return driver;
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
