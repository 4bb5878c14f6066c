package io.wharf.pluginmanager.osgi;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.network.NetworkService;
import io.wharf.api.plugin.manager.PluginManager;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.volume.VolumeService;
import io.wharf.pluginmanager.ManagedPlugins;
import io.wharf.pluginmanager.PluginEndpoints;
import io.wharf.pluginmanager.PluginStore;
import io.wharf.pluginmanager.RemotePlugins;
import io.wharf.support.osgi.ServiceRegistrations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Loads the plugins' state from {@code <data-root>/plugins}, brings their bundles back to it, and only then
 * registers the {@link PluginManager} (and with it /plugins).
 */
@Component(immediate = true, service = {}, configurationPid = PluginManagerConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.wharf.api.plugin.manager.PluginManager\"")
public final class PluginManagerComponent {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VolumeService volumes;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NetworkService networks;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus eventBus;
    private final ServiceRegistrations registrations;

    @Activate
    public PluginManagerComponent(BundleContext context, PluginManagerConfiguration config,
                                  @Reference(target = "(" + RegistryTransport.SCHEME_PROPERTY + "=https)")
                                  RegistryTransport transport,
                                  @Reference ConfigurationAdmin configurationAdmin) throws IOException {
        ManagedPlugins plugins = new ManagedPlugins(
                new PluginStore(Path.of(config.dataRoot(), "plugins")),
                new FelixBundleHost(context),
                new RemotePlugins(transport, new PluginEndpoints(List.of(config.insecureRegistries()))),
                new EngineDriverUsage(() -> volumes, () -> networks),
                new ConfigAdminSettings(configurationAdmin),
                this::publish);
        plugins.restore();
        registrations = new ServiceRegistrations(context);
        registrations.service(PluginManager.class, plugins);
    }

    private void publish(String pluginId, String name, String action) {
        EventBus bus = eventBus;
        if (bus != null) {
            bus.publish(Event.now("plugin", action, pluginId, Map.of("name", name)));
        }
    }

    /** SIGHUP: new insecure-registries reach plugins at the next start; without this DS would restart us. */
    @Modified
    void modified() {
        // nothing changes live
    }

    @Deactivate
    void deactivate() {
        registrations.unregisterAll();
    }
}
