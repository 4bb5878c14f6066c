package com.example.wharf.dirvolume;

import io.wharf.api.volume.VolumeDriver;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the driver as {@value DirectoryVolumeDriver#NAME}: {@code docker volume create -d example-dir-volume}.
 * It is the {@link DirectoryVolumeDriver} itself with activation added, so no method is forwarded. A
 * {@code com.example.wharf.dirvolume.cfg} file beside the jar in plugins/ may set {@code root}.
 */
@Component(service = VolumeDriver.class, property = VolumeDriver.NAME_PROPERTY + "=" + DirectoryVolumeDriver.NAME,
        configurationPid = "com.example.wharf.dirvolume")
@Designate(ocd = DirectoryVolumeDriverComponent.Config.class)
public final class DirectoryVolumeDriverComponent extends DirectoryVolumeDriver {
    @ObjectClassDefinition(name = "Example directory volume driver")
    public @interface Config {
        @AttributeDefinition(description = "the directory that holds the volumes")
        String root() default "/var/lib/wharf-example-dir-volume";
    }

    @Activate
    public DirectoryVolumeDriverComponent(Config config) throws IOException {
        super(Path.of(config.root()));
    }
}
