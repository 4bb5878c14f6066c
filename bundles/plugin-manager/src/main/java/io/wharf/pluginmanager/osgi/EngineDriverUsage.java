package io.wharf.pluginmanager.osgi;

import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkService;
import io.wharf.api.volume.VolumeService;
import io.wharf.api.volume.VolumeUsage;
import io.wharf.pluginmanager.DriverUsage;
import io.wharf.pluginmanager.docker.DockerPlugins;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Volumes and networks made with a driver, from the volume and network services when they are there. A managed
 * plugin's driver is named with or without {@code :latest} (dockerd wants the full name for a network or IPAM
 * driver, {@code -d acme/net:latest}), so both names count as the plugin's.
 */
final class EngineDriverUsage implements DriverUsage {
    private final Supplier<VolumeService> volumes;
    private final Supplier<NetworkService> networks;

    EngineDriverUsage(Supplier<VolumeService> volumes, Supplier<NetworkService> networks) {
        this.volumes = volumes;
        this.networks = networks;
    }

    @Override
    public List<String> users(String capability, String driverName) {
        List<String> users = new ArrayList<>();
        VolumeService volumeService = volumes.get();
        if (capability.equals("volumedriver") && volumeService != null) {
            for (VolumeUsage usage : volumeService.diskUsage()) {
                if (sameDriver(driverName, usage.volume().driver())) {
                    users.add("volume " + usage.volume().name());
                }
            }
        }
        NetworkService networkService = networks.get();
        if (networkService != null) {
            for (NetworkInfo network : networkService.list()) {
                if (capability.equals("networkdriver") && sameDriver(driverName, network.driver())
                        || capability.equals("ipamdriver") && sameDriver(driverName, network.ipamDriver())) {
                    users.add("network " + network.name());
                }
            }
        }
        return users;
    }

    private static boolean sameDriver(String driverName, String used) {
        return used != null && DockerPlugins.driverName(driverName).equals(DockerPlugins.driverName(used));
    }
}
