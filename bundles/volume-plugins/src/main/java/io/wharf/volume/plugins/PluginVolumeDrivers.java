package io.wharf.volume.plugins;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeDriverResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The volume drivers of legacy plugins, made when a driver name is first asked for (dockerd activates a plugin
 * on first use too). Each is made once and handed to {@code register}, which registers it as a driver service
 * and answers how to take that back: done when the plugin goes (a managed plugin disabled or removed), so that
 * the next use finds the plugin anew.
 */
public final class PluginVolumeDrivers implements VolumeDriverResolver {
    private final LegacyPlugins plugins;
    private final Function<PluginVolumeDriver, Runnable> register;
    private final Map<String, PluginVolumeDriver> made = new ConcurrentHashMap<>();

    public PluginVolumeDrivers(LegacyPlugins plugins, Function<PluginVolumeDriver, Runnable> register) {
        this.plugins = plugins;
        this.register = register;
    }

    /** Null when no plugin of that name implements VolumeDriver; a plugin that fails its handshake is an error. */
    @Override
    public VolumeDriver resolve(String name) {
        PluginVolumeDriver known = made.get(name);
        if (known != null) {
            return known;
        }
        LegacyPlugin plugin;
        try {
            plugin = plugins.get(name, PluginVolumeDriver.TYPE);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw EngineException.system("error looking up volume plugin " + name + ": " + e.getMessage(), e);
        }
        return driverOf(plugin);
    }

    @Override
    public List<VolumeDriver> resolveAll() {
        List<VolumeDriver> all = new ArrayList<>();
        for (LegacyPlugin plugin : plugins.getAll(PluginVolumeDriver.TYPE)) {
            all.add(driverOf(plugin));
        }
        return all;
    }

    private synchronized PluginVolumeDriver driverOf(LegacyPlugin plugin) {
        PluginVolumeDriver known = made.get(plugin.name());
        if (known != null) {
            return known;
        }
        PluginVolumeDriver driver = new PluginVolumeDriver(plugin);
        made.put(plugin.name(), driver);
        Runnable unregister = register.apply(driver);
        plugin.whenGone(() -> {
            made.remove(plugin.name(), driver);
            unregister.run();
        });
        return driver;
    }
}
