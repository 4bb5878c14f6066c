package io.wharf.runtime.linux;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the {@link LinuxExecutionDriver} built from the daemon's configuration. It is the driver itself (a
 * subclass adding only activation), so the service needs no method forwarded.
 */
@Component(service = ExecutionDriver.class, property = ExecutionDriver.NAME_PROPERTY + "=linux")
public class LinuxExecutionDriverComponent extends LinuxExecutionDriver {
    @Activate
    public LinuxExecutionDriverComponent(@Reference DaemonConfig config, @Reference LinuxFs fs) throws IOException {
        super(Settings.defaults(config.execRootPath(), config.defaultRuntimeOrRunc(), config.runtimes()), fs);
    }

    /** Stops watching; the containers and their conmon monitors keep running. */
    @Deactivate
    void deactivate() throws IOException {
        close();
    }
}
