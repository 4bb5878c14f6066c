package io.wharf.network.plugins;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.IpamDriverResolver;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkDriverResolver;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The network and IPAM drivers of legacy plugins, each made when its name is first asked for (dockerd activates
 * a plugin on first use too) and kept while its plugin is there: a managed plugin's driver is dropped when the
 * plugin is disabled or removed, so that the next use finds the plugin anew (or not at all).
 */
public final class NetworkPluginDrivers {
    private final LegacyPlugins plugins;
    private final SandboxLinks links;
    private final Map<String, PluginNetworkDriver> networkDrivers = new ConcurrentHashMap<>();
    private final Map<String, PluginIpamDriver> ipamDrivers = new ConcurrentHashMap<>();

    NetworkPluginDrivers(LegacyPlugins plugins, SandboxLinks links) {
        this.plugins = plugins;
        this.links = links;
    }

    public NetworkPluginDrivers(LegacyPlugins plugins) {
        this(plugins, new IpSandboxLinks());
    }

    /** As a {@link NetworkDriverResolver}: the driver of the plugin of that name, or null. */
    public NetworkDriver network(String name) {
        return made(networkDrivers, name, PluginNetworkDriver.TYPE,
                plugin -> new PluginNetworkDriver(new PluginRpc(plugin), links));
    }

    /** As an {@link IpamDriverResolver}: the IPAM driver of the plugin of that name, or null. */
    public IpamDriver ipam(String name) {
        return made(ipamDrivers, name, PluginIpamDriver.TYPE, plugin -> new PluginIpamDriver(new PluginRpc(plugin)));
    }

    /** Null when no plugin of that name implements the type; a plugin that fails its handshake is an error. */
    private <D> D made(Map<String, D> drivers, String name, String type, Function<LegacyPlugin, D> adapter) {
        D known = drivers.get(name);
        if (known != null) {
            return known;
        }
        LegacyPlugin plugin;
        try {
            plugin = plugins.get(name, type);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw EngineException.system("error looking up " + type + " plugin " + name + ": " + e.getMessage(), e);
        }
        return adopt(drivers, name, plugin, adapter);
    }

    /** Not computeIfAbsent: the plugin may be gone already, and then its whenGone action runs at once. */
    private synchronized <D> D adopt(Map<String, D> drivers, String name, LegacyPlugin plugin,
                                     Function<LegacyPlugin, D> adapter) {
        D known = drivers.get(name);
        if (known != null) {
            return known;
        }
        D driver = adapter.apply(plugin);
        drivers.put(name, driver);
        plugin.whenGone(() -> drivers.remove(name, driver));
        return driver;
    }
}
