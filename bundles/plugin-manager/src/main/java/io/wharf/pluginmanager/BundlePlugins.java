package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.PluginConfig;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plugin manager does for a Wharf plugin, the counterpart of {@code DockerPlugins}: its bundle installed
 * from the stored jar, started with its settings in its configuration while enabled (and enabled means its declared
 * drivers are registered), stopped with its configuration cleared, updated in place on upgrade. The caller holds
 * the manager's lock and saves the state afterwards.
 */
final class BundlePlugins {
    private static final Logger LOG = LoggerFactory.getLogger(BundlePlugins.class);
    private static final long DRIVER_TIMEOUT_MILLIS = 30_000;
    private final BundleHost bundles;
    private final PluginStore store;
    private final PluginSettingsSink settingsSink;

    BundlePlugins(BundleHost bundles, PluginStore store, PluginSettingsSink settingsSink) {
        this.bundles = bundles;
        this.store = store;
        this.settingsSink = settingsSink;
    }

    /** The framework brought to the saved state: installed (or found in its cache), started only when enabled. */
    void restore(PluginRecord record, PluginConfig config) throws IOException {
        bundles.install(record.bundleLocation(), store.jar(record.id()));
        if (record.enabled()) {
            applySettings(record, config);
            bundles.start(record.bundleLocation());
        } else {
            bundles.stop(record.bundleLocation());
        }
    }

    /** Bundles installed by the manager for plugins no longer listed go (a crash between uninstall and save). */
    void uninstallAllBut(Collection<PluginRecord> kept) {
        Set<String> leftovers = new HashSet<>(bundles.installed(PluginStore.LOCATION_PREFIX));
        kept.forEach(record -> leftovers.remove(record.bundleLocation()));
        for (String location : leftovers) {
            try {
                bundles.uninstall(location);
            } catch (IOException e) {
                LOG.warn("leftover plugin bundle {} could not be uninstalled: {}", location, e.toString());
            }
        }
    }

    void install(PluginRecord record) throws IOException {
        bundles.install(record.bundleLocation(), store.jar(record.id()));
    }

    /** Started with its settings and its drivers registered, or stopped again with its settings cleared. */
    void enable(PluginRecord record, PluginConfig config) throws IOException {
        applySettings(record, config);
        try {
            bundles.start(record.bundleLocation());
            awaitDrivers(record, config);
        } catch (IOException | RuntimeException e) {
            disable(record, config);
            throw EngineException.invalid("plugin %s failed to start: %s", record.name(), e.getMessage());
        }
    }

    void disable(PluginRecord record, PluginConfig config) throws IOException {
        bundles.stop(record.bundleLocation());
        clearSettings(config);
    }

    void uninstall(PluginRecord record) throws IOException {
        bundles.uninstall(record.bundleLocation());
    }

    /**
     * The same bundle (same location) updated with the jar just stored, its settings moved to the new
     * configuration PID when it runs; {@link #awaitDrivers} after the state is saved.
     */
    void update(PluginRecord record, PluginConfig oldConfig, PluginConfig newConfig) throws IOException {
        String oldPid = oldConfig.wharf().configurationPid();
        if (record.enabled() && !oldPid.isEmpty() && !oldPid.equals(newConfig.wharf().configurationPid())) {
            settingsSink.clear(oldPid);
        }
        if (record.enabled()) {
            applySettings(record, newConfig);
        }
        bundles.update(record.bundleLocation(), store.jar(record.id()));
    }

    void applySettings(PluginRecord record, PluginConfig config) throws IOException {
        String pid = config.wharf().configurationPid();
        if (!pid.isEmpty()) {
            settingsSink.apply(pid, PluginEnv.values(config, record.env()));
        }
    }

    private void clearSettings(PluginConfig config) throws IOException {
        String pid = config.wharf().configurationPid();
        if (!pid.isEmpty()) {
            settingsSink.clear(pid);
        }
    }

    /** Enabled means usable: each declared driver registered by the plugin's bundle, or the enable fails. */
    void awaitDrivers(PluginRecord record, PluginConfig config) throws IOException {
        for (String type : config.pluginInterface().types()) {
            for (String driver : config.wharf().drivers()) {
                String capability = PluginConfigs.capability(type);
                boolean registered;
                try {
                    registered = bundles.awaitDriver(capability, driver, record.bundleLocation(),
                            DRIVER_TIMEOUT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the plugin's drivers", e);
                }
                if (!registered) {
                    throw EngineException.invalid("its bundle did not register the %s driver %s within %d s",
                            capability, driver, DRIVER_TIMEOUT_MILLIS / 1000);
                }
            }
        }
    }
}
