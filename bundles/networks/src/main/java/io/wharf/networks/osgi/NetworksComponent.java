package io.wharf.networks.osgi;

import io.wharf.api.events.EventBus;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.IpamDriverResolver;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkDriverResolver;
import io.wharf.api.network.NetworkService;
import io.wharf.networks.core.DefaultBridgeSettings;
import io.wharf.networks.core.ExternalIpam;
import io.wharf.networks.core.NetworkDrivers;
import io.wharf.networks.core.NetworkEvents;
import io.wharf.networks.core.NetworkManager;
import io.wharf.networks.core.PredefinedNetworks;
import io.wharf.networks.dns.DnsForwarder;
import io.wharf.networks.dns.DnsServer;
import io.wharf.networks.dns.EmbeddedDns;
import io.wharf.networks.dns.NetworkDns;
import io.wharf.networks.dns.Upstreams;
import io.wharf.networks.ipam.AddressPools;
import io.wharf.networks.ipam.HostRoutes;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.ipam.Ipv6Ipam;
import io.wharf.networks.ipam.UlaPrefix;
import io.wharf.networks.ports.PortAllocator;
import io.wharf.networks.ports.PortRange;
import io.wharf.networks.ports.SocketPortProbe;
import io.wharf.networks.rest.NetworkManagerBackend;
import io.wharf.networks.rest.NetworksBackend;
import io.wharf.networks.store.NetworkStore;
import io.wharf.support.osgi.ServiceRegistrations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the network service on {@code <data-root>/network} and registers it with the backend of the /networks
 * REST resource (a DS component that requires it) once the stored networks are loaded. Drivers come and go: one that appears later is handed its
 * networks and live endpoints to restore.
 */
@Component(immediate = true, service = {}, configurationPid = NetworkConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NetworkConfiguration.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.wharf.api.network.NetworkService\"")
public final class NetworksComponent {
    private static final Logger LOG = LoggerFactory.getLogger(NetworksComponent.class);
    private static final int DNS_PORT = 53;
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(2);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus eventBus;

    /** Drivers bound before activation wait here; the manager takes them over when it starts. */
    private final Map<NetworkDriver, String> pendingDrivers = new LinkedHashMap<>();
    /** Plugins found on first use, and IPAM drivers other than Wharf's own: bound at any time, used by the manager. */
    private final NetworkDrivers drivers = new NetworkDrivers();
    private final ExternalIpam externalIpam = new ExternalIpam();
    private ServiceRegistrations registrations;
    private NetworkManager manager;

    @Reference(service = NetworkDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addDriver(NetworkDriver driver, Map<String, Object> properties) {
        String name = driverName(driver, properties);
        if (manager == null) {
            pendingDrivers.put(driver, name);
        } else {
            manager.driverAdded(name, driver);
        }
    }

    synchronized void removeDriver(NetworkDriver driver, Map<String, Object> properties) {
        String name = pendingDrivers.remove(driver);
        if (manager != null) {
            manager.driverRemoved(name != null ? name : driverName(driver, properties), driver);
        }
    }

    @Reference(service = NetworkDriverResolver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addDriverResolver(NetworkDriverResolver resolver) {
        drivers.addResolver(resolver);
    }

    void removeDriverResolver(NetworkDriverResolver resolver) {
        drivers.removeResolver(resolver);
    }

    @Reference(service = IpamDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addIpamDriver(IpamDriver driver, Map<String, Object> properties) {
        externalIpam.add(ipamName(driver, properties), driver);
    }

    void removeIpamDriver(IpamDriver driver, Map<String, Object> properties) {
        externalIpam.remove(ipamName(driver, properties), driver);
    }

    @Reference(service = IpamDriverResolver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addIpamResolver(IpamDriverResolver resolver) {
        externalIpam.addResolver(resolver);
    }

    void removeIpamResolver(IpamDriverResolver resolver) {
        externalIpam.removeResolver(resolver);
    }

    @Activate
    synchronized void activate(BundleContext context, NetworkConfiguration config) throws Exception {
        List<AddressPools.Pool> pools;
        try {
            pools = AddressPools.fromConfig(config.defaultAddressPools());
        } catch (IllegalArgumentException e) {
            LOG.error("invalid default-address-pools ({}); using Docker's defaults", e.getMessage());
            pools = AddressPools.defaults();
        }
        Clock clock = Clock.systemUTC();
        DnsServer dnsServer = new DnsServer(new DnsForwarder(new Upstreams(List.of(config.dns())), DNS_TIMEOUT), DNS_PORT);
        NetworkDns dns = new EmbeddedDns(dnsServer);
        NetworkStore store = new NetworkStore(Path.of(config.dataRoot(), "network"));
        Ipv6Ipam ipv6 = new Ipv6Ipam(UlaPrefix.loadOrCreate(Path.of(config.dataRoot(), "network", "ula-prefix")));
        NetworkManager m = new NetworkManager(store, new Ipam(pools, HostRoutes::read, ipv6),
                new PortAllocator(new SocketPortProbe(), PortRange.ephemeral()),
                dns, new NetworkEvents(() -> eventBus), clock, drivers, externalIpam);
        pendingDrivers.forEach((driver, name) -> m.driverAdded(name, driver));
        pendingDrivers.clear();
        try {
            m.start(new PredefinedNetworks(new DefaultBridgeSettings(config.bip(), config.fixedCidr(), config.bridge(),
                    config.mtu(), config.ipMasq(), config.icc(), config.ip(), config.ipv6(), config.fixedCidrV6())));
        } catch (Exception e) {
            dns.close();
            throw e;
        }
        manager = m;
        registrations = new ServiceRegistrations(context);
        registrations.service(NetworkService.class, m);
        registrations.service(NetworksBackend.class, new NetworkManagerBackend(m, clock));
        LOG.info("network service ready with {} networks", m.list().size());
    }

    @Deactivate
    synchronized void deactivate() {
        if (registrations != null) {
            registrations.unregisterAll();
        }
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    private static String ipamName(IpamDriver driver, Map<String, Object> properties) {
        Object name = properties.get(IpamDriver.NAME_PROPERTY);
        return name != null ? name.toString() : driver.name();
    }

    private static String driverName(NetworkDriver driver, Map<String, Object> properties) {
        Object name = properties.get(NetworkDriver.NAME_PROPERTY);
        return name != null ? name.toString() : driver.name();
    }
}
