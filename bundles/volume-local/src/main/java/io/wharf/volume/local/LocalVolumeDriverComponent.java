package io.wharf.volume.local;

import io.wharf.api.volume.VolumeDriver;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the {@code local} driver on {@code <data-root>/volumes}. It is the {@link LocalVolumeDriver} itself (a
 * subclass adding only activation), so the service needs no method forwarded.
 */
@Component(service = VolumeDriver.class, property = VolumeDriver.NAME_PROPERTY + "=" + LocalVolumeDriver.NAME,
        configurationPid = LocalVolumeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalVolumeConfiguration.class)
public final class LocalVolumeDriverComponent extends LocalVolumeDriver {
    @Activate
    public LocalVolumeDriverComponent(LocalVolumeConfiguration config, @Reference LinuxFs fs) throws IOException {
        super(Path.of(config.dataRoot(), "volumes"), new LinuxMountSyscalls(fs), new MountTable());
    }
}
