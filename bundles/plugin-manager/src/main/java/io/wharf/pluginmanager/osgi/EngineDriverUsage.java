package io.wharf.pluginmanager.osgi;

import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkService;
import io.wharf.api.volume.VolumeService;
import io.wharf.api.volume.VolumeUsage;
import io.wharf.pluginmanager.DriverUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Volumes and networks made with a driver, from the volume and network services when they are there. */
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
                if (driverName.equals(usage.volume().driver())) {
                    users.add("volume " + usage.volume().name());
                }
            }
        }
        NetworkService networkService = networks.get();
        if (networkService != null) {
            for (NetworkInfo network : networkService.list()) {
                if (capability.equals("networkdriver") && driverName.equals(network.driver())
                        || capability.equals("ipamdriver") && driverName.equals(network.ipamDriver())) {
                    users.add("network " + network.name());
                }
            }
        }
        return users;
    }
}
