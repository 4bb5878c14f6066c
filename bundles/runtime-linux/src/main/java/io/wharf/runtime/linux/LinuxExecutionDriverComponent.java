package io.wharf.runtime.linux;

import io.wharf.api.config.RuntimeDefinition;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the {@link LinuxExecutionDriver} built from the daemon's configuration. It is the driver itself (a
 * subclass adding only activation), so the service needs no method forwarded.
 */
@Component(service = ExecutionDriver.class, property = ExecutionDriver.NAME_PROPERTY + "=linux",
        configurationPid = RuntimeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RuntimeConfiguration.class)
public class LinuxExecutionDriverComponent extends LinuxExecutionDriver {
    @Activate
    public LinuxExecutionDriverComponent(RuntimeConfiguration config, @Reference LinuxFs fs) throws IOException {
        super(Settings.defaults(Path.of(config.execRoot()), config.defaultRuntime(),
                RuntimeDefinition.allOf(config.runtimes(), config.runtimeArgs()))
                .withCgroupParent(config.cgroupParent()), fs);
    }

    /** Stops watching; the containers and their conmon monitors keep running. */
    @Deactivate
    void deactivate() throws IOException {
        close();
    }
}
