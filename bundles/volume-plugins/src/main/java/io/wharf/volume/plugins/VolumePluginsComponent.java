package io.wharf.volume.plugins;

import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeDriverResolver;
import io.wharf.support.osgi.ServiceRegistrations;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers the volume service the drivers of legacy volume plugins, and registers each one it activates as a
 * {@link VolumeDriver} named after its plugin, as volume-local registers {@code local}; a managed plugin's driver
 * is taken back when the plugin is disabled or removed.
 */
@Component(immediate = true, service = {})
public final class VolumePluginsComponent {
    private final ServiceRegistrations registrations;

    @Activate
    public VolumePluginsComponent(BundleContext context, @Reference LegacyPlugins plugins) {
        registrations = new ServiceRegistrations(context);
        PluginVolumeDrivers drivers = new PluginVolumeDrivers(plugins, driver -> registrations.service(
                VolumeDriver.class, driver, Map.of(VolumeDriver.NAME_PROPERTY, driver.name())));
        // the unregistering Runnable is what PluginVolumeDrivers runs when a managed plugin goes
        registrations.service(VolumeDriverResolver.class, drivers);
    }

    @Deactivate
    void deactivate() {
        registrations.unregisterAll();
    }
}
