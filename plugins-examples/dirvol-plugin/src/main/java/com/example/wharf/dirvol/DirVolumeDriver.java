package com.example.wharf.dirvol;

import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code dirvol} volume driver. Its configuration (PID {@code com.example.wharf.dirvol}) is what
 * {@code docker plugin set dirvol root=/path} sets; the plugin manager writes it when the plugin is enabled.
 */
@Component(configurationPid = DirVolConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = VolumeDriver.NAME_PROPERTY + "=dirvol")
@Designate(ocd = DirVolConfiguration.class)
public final class DirVolumeDriver implements VolumeDriver {
    private final DirVolumes volumes;

    @Activate
    public DirVolumeDriver(DirVolConfiguration config) {
        String version = FrameworkUtil.getBundle(DirVolumeDriver.class).getVersion().toString();
        this.volumes = new DirVolumes(Path.of(config.root()), Map.of("DriverVersion", version));
    }

    @Override
    public String name() {
        return "dirvol";
    }

    @Override
    public String scope() {
        return "local";
    }

    @Override
    public VolumeInfo create(String name, Map<String, String> options) throws IOException {
        return volumes.create(name);
    }

    @Override
    public void remove(String name) throws IOException {
        volumes.remove(name);
    }

    @Override
    public Path mount(String name, String mountId) {
        return volumes.mount(name);
    }

    @Override
    public void unmount(String name, String mountId) {
        // a folder needs no unmounting
    }

    @Override
    public VolumeInfo get(String name) {
        return volumes.get(name);
    }

    @Override
    public List<VolumeInfo> list() throws IOException {
        return volumes.list();
    }
}
