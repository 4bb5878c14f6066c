package io.wharf.network.bridge;

import io.wharf.api.network.NetworkDriver;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the {@link BridgeDriver} built from the daemon's configuration. It is the driver itself (a subclass
 * adding only activation, as LinuxExecutionDriverComponent), so the service needs no method forwarded.
 */
@Component(service = NetworkDriver.class, property = NetworkDriver.NAME_PROPERTY + "=bridge",
        configurationPid = BridgeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BridgeConfiguration.class)
public class BridgeNetworkDriverComponent extends BridgeDriver {
    private static final int DEFAULT_MTU = 1500;

    @Activate
    public BridgeNetworkDriverComponent(BridgeConfiguration config) throws IOException {
        this(Path.of(config.execRoot()), config.iptables(),
                new BridgeNetwork.Defaults(config.mtu() <= 0 ? DEFAULT_MTU : config.mtu(), config.ipMasq()),
                HostTools.locate(), new ProcessCommandRunner(), config.ipForward());
    }

    /** The driver on the real host: sysfs, /proc/sys, ip, nsenter and nft. */
    private BridgeNetworkDriverComponent(Path execRoot, boolean firewallEnabled, BridgeNetwork.Defaults defaults,
                                         HostTools tools, CommandRunner runner, boolean ipForward)
            throws IOException {
        super(defaults, new HostNetwork(tools, runner, new HostLinks(HostLinks.SYSFS),
                        new NamespaceSysctls(Sysctls.PROC_SYS, NamespaceSysctls.JOIN_ON_NEW_THREAD)),
                new NftFirewall(firewallEnabled, NftTableName.forExecRoot(execRoot), tools.nft(), runner),
                new Sysctls(Sysctls.PROC_SYS, ipForward),
                new CreatedBridges(execRoot.resolve("network/bridge-driver/created-bridges")));
    }

    @Deactivate
    void deactivate() {
        closeProxies();
    }

    /** The driver on the real host, outside the framework (the root integration tests). */
    static BridgeDriver create(Path execRoot, boolean firewallEnabled, BridgeNetwork.Defaults defaults)
            throws IOException {
        return new BridgeNetworkDriverComponent(execRoot, firewallEnabled, defaults, HostTools.locate(),
                new ProcessCommandRunner(), true);
    }
}
