package io.wharf.networks.core;

import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkDriverResolver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network drivers registered now, by name, and the {@link NetworkDriverResolver}s asked for a name none of
 * them has (network plugins, activated on first use as dockerd does). Resolved drivers are not kept here: the
 * resolver keeps them, and a driver that is only resolved is not restored at start (as dockerd does not call a
 * remote driver before a network of it is used).
 */
public final class NetworkDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkDrivers.class);
    private final Map<String, NetworkDriver> registered = new ConcurrentHashMap<>();
    private final List<NetworkDriverResolver> resolvers = new CopyOnWriteArrayList<>();

    public void addResolver(NetworkDriverResolver resolver) {
        resolvers.add(resolver);
    }

    public void removeResolver(NetworkDriverResolver resolver) {
        resolvers.remove(resolver);
    }

    void put(String name, NetworkDriver driver) {
        registered.put(name, driver);
    }

    boolean remove(String name, NetworkDriver driver) {
        return registered.remove(name, driver);
    }

    void forEachRegistered(BiConsumer<String, NetworkDriver> action) {
        registered.forEach(action);
    }

    /** The driver of that name, activating a plugin if needed; null when none has it. Activation errors are thrown. */
    NetworkDriver get(String name) {
        NetworkDriver driver = registered.get(name);
        if (driver != null || name == null) {
            return driver;
        }
        for (NetworkDriverResolver resolver : resolvers) {
            driver = resolver.resolve(name);
            if (driver != null) {
                return driver;
            }
        }
        return null;
    }

    /** As {@link #get}, for clean-up: a plugin that cannot be activated now is logged and taken as absent. */
    NetworkDriver find(String name) {
        try {
            return get(name);
        } catch (RuntimeException e) {
            LOG.warn("network driver {} is not available: {}", name, e.getMessage());
            return null;
        }
    }
}
