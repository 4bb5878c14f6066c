package io.wharf.volumes.service;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.VolumeDriver;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The volume drivers present now, by their {@value VolumeDriver#NAME_PROPERTY}; they come and go at any time. */
public final class VolumeDrivers {
    private final Map<String, VolumeDriver> byName = new ConcurrentHashMap<>();

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

    VolumeDriver find(String name) {
        return name == null ? null : byName.get(name);
    }

    /** The driver for a new volume; dockerd's wording when there is none. */
    VolumeDriver require(String name) {
        VolumeDriver driver = find(name);
        if (driver == null) {
            throw EngineException.notFound("error looking up volume plugin %s: plugin \"%s\" not found", name, name);
        }
        return driver;
    }

    /** A snapshot, sorted by name, so that listings are stable. */
    Map<String, VolumeDriver> all() {
        return new TreeMap<>(byName);
    }
}
