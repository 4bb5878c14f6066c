package io.wharf.network.bridge;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registers the {@link BridgeDriver} built from the daemon's configuration; all logic lives there. */
@Component(service = NetworkDriver.class, property = NetworkDriver.NAME_PROPERTY + "=bridge")
public class BridgeNetworkDriverComponent implements NetworkDriver {
    private static final int DEFAULT_MTU = 1500;
    private final BridgeDriver driver;

    @Activate
    public BridgeNetworkDriverComponent(@Reference DaemonConfig config) throws IOException {
        driver = create(config.execRootPath(), !Boolean.FALSE.equals(config.iptables()),
                new BridgeNetwork.Defaults(config.mtu() == null ? DEFAULT_MTU : config.mtu(),
                        !Boolean.FALSE.equals(config.ipMasq())));
    }

    /** The driver on the real host: sysfs, /proc/sys, ip, nsenter and nft. */
    static BridgeDriver create(Path execRoot, boolean firewallEnabled, BridgeNetwork.Defaults defaults)
            throws IOException {
        HostTools tools = HostTools.locate();
        CommandRunner runner = new ProcessCommandRunner();
        return new BridgeDriver(defaults, new HostNetwork(tools, runner, new HostLinks(HostLinks.SYSFS)),
                new NftFirewall(firewallEnabled, NftTableName.forExecRoot(execRoot), tools.nft(), runner),
                new Sysctls(Sysctls.PROC_SYS),
                new CreatedBridges(execRoot.resolve("network/bridge-driver/created-bridges")));
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public void createNetwork(NetworkSpec spec) throws IOException {
        driver.createNetwork(spec);
    }

    @Override
    public void deleteNetwork(String networkId) throws IOException {
        driver.deleteNetwork(networkId);
    }

    @Override
    public EndpointInfo join(EndpointSpec endpoint) throws IOException {
        return driver.join(endpoint);
    }

    @Override
    public void leave(String networkId, String endpointId) throws IOException {
        driver.leave(networkId, endpointId);
    }

    @Override
    public void routeDefault(EndpointSpec endpoint) throws IOException {
        driver.routeDefault(endpoint);
    }

    @Override
    public void restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints) throws IOException {
        driver.restore(networks, endpoints);
    }
}
