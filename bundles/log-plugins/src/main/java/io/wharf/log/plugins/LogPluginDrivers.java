package io.wharf.log.plugins;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.log.LogDriver;
import io.wharf.api.log.LogDriverResolver;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The log drivers of legacy plugins, each made when its name is first asked for and kept while the daemon runs. */
public final class LogPluginDrivers implements LogDriverResolver {
    static final String TYPE = "LogDriver";

    private final LegacyPlugins plugins;
    private final Fifos fifos;
    private final Map<String, PluginLogDriver> drivers = new ConcurrentHashMap<>();

    public LogPluginDrivers(LegacyPlugins plugins, Fifos fifos) {
        this.plugins = plugins;
        this.fifos = fifos;
    }

    /** Null when no plugin of that name implements LogDriver; a plugin that fails its handshake is an error. */
    @Override
    public LogDriver resolve(String name) {
        PluginLogDriver known = drivers.get(name);
        if (known != null) {
            return known;
        }
        LegacyPlugin plugin;
        try {
            plugin = plugins.get(name, TYPE);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw EngineException.system("error looking up logging plugin " + name + ": " + e.getMessage(), e);
        }
        return drivers.computeIfAbsent(name, n -> new PluginLogDriver(plugin, fifos));
    }
}
