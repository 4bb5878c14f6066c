package io.wharf.network.plugins;

import io.wharf.api.network.IpamDriverResolver;
import io.wharf.api.network.NetworkDriverResolver;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.support.osgi.ServiceRegistrations;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Offers the network service the network and IPAM drivers of legacy plugins, found by name on first use. */
@Component(immediate = true, service = {})
public final class NetworkPluginsComponent {
    private final ServiceRegistrations registrations;

    @Activate
    public NetworkPluginsComponent(BundleContext context, @Reference LegacyPlugins plugins) {
        registrations = new ServiceRegistrations(context);
        NetworkPluginDrivers drivers = new NetworkPluginDrivers(plugins);
        registrations.service(NetworkDriverResolver.class, (NetworkDriverResolver) drivers::network);
        registrations.service(IpamDriverResolver.class, (IpamDriverResolver) drivers::ipam);
    }

    @Deactivate
    void deactivate() {
        registrations.unregisterAll();
    }
}
