package io.wharf.volume.local;

import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the {@code local} driver on {@code <data-root>/volumes}; the work is done by {@link LocalVolumeDriver}. */
@Component(service = VolumeDriver.class, property = VolumeDriver.NAME_PROPERTY + "=" + LocalVolumeDriver.NAME,
        configurationPid = LocalVolumeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalVolumeConfiguration.class)
public final class LocalVolumeDriverComponent implements VolumeDriver {
    private final LocalVolumeDriver driver;

    @Activate
    public LocalVolumeDriverComponent(LocalVolumeConfiguration paths, @Reference LinuxFs fs) throws IOException {
        driver = LocalVolumeDriver.open(Path.of(paths.dataRoot(), "volumes"), fs);
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public String scope() {
        return driver.scope();
    }

    @Override
    public VolumeInfo create(String name, Map<String, String> options) throws IOException {
        return driver.create(name, options);
    }

    @Override
    public void remove(String name) throws IOException {
        driver.remove(name);
    }

    @Override
    public Path mount(String name, String mountId) throws IOException {
        return driver.mount(name, mountId);
    }

    @Override
    public void unmount(String name, String mountId) throws IOException {
        driver.unmount(name, mountId);
    }

    @Override
    public VolumeInfo get(String name) throws IOException {
        return driver.get(name);
    }

    @Override
    public List<VolumeInfo> list() throws IOException {
        return driver.list();
    }
}
