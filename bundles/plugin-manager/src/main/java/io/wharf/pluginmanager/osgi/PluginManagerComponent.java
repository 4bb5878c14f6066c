package io.wharf.pluginmanager.osgi;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.network.NetworkService;
import io.wharf.api.plugin.PluginSockets;
import io.wharf.api.plugin.manager.PluginManager;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.volume.VolumeService;
import io.wharf.pluginmanager.ManagedPlugins;
import io.wharf.pluginmanager.PluginEndpoints;
import io.wharf.pluginmanager.PluginStore;
import io.wharf.pluginmanager.RemotePlugins;
import io.wharf.pluginmanager.docker.DockerPlugins;
import io.wharf.pluginmanager.docker.PluginContainers;
import io.wharf.pluginmanager.docker.PropagatedMounts;
import io.wharf.pluginmanager.docker.RootfsLayers;
import io.wharf.linux.LinuxFs;
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
 * Loads the plugins' state from {@code <data-root>/plugins}, brings their bundles and containers back to it, and
 * only then registers the {@link PluginManager} (and with it /plugins). Docker plugins run on the execution driver
 * and are handed to the protocol adapters through {@link PluginSockets}: both static, so that a new driver or
 * protocol bundle gets the running plugins again through a new restore.
 */
@Component(immediate = true, service = {},
        configurationPid = {PluginManagerConfiguration.PID, PluginManagerConfiguration.RUNTIME_PID},
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
                                  @Reference ConfigurationAdmin configurationAdmin,
                                  @Reference ExecutionDriver executionDriver, @Reference PluginSockets sockets,
                                  @Reference LinuxFs fs) throws IOException {
        PluginStore store = new PluginStore(Path.of(config.dataRoot(), "plugins"));
        ManagedPlugins plugins = new ManagedPlugins(
                store,
                new FelixBundleHost(context),
                new RemotePlugins(transport, new PluginEndpoints(List.of(config.insecureRegistries()))),
                new EngineDriverUsage(() -> volumes, () -> networks),
                new ConfigAdminSettings(configurationAdmin),
                this::publish,
                new DockerPlugins(store, new RootfsLayers(fs), new PluginContainers(() -> executionDriver, sockets,
                        Path.of(config.execRoot(), "plugins"), PropagatedMounts.of(fs))));
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
