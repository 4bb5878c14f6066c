package io.wharf.engine;

import io.wharf.api.config.DaemonConfig;
import java.io.IOException;
import java.nio.file.Files;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Publishes the daemon configuration that the launcher merged from daemon.json and the command line (framework
 * property {@value #CONFIG_PROPERTY}, already validated there) as a {@link DaemonConfig} service.
 */
@Component(immediate = true, service = {})
public final class DaemonConfigComponent {
    public static final String CONFIG_PROPERTY = "wharf.config";
    private ServiceRegistration<DaemonConfig> registration;

    @Activate
    void activate(BundleContext context) throws IOException {
        String json = context.getProperty(CONFIG_PROPERTY);
        DaemonConfig config = DaemonConfigReader.read(json == null ? "{}" : json);
        Files.createDirectories(config.dataRootPath());
        Files.createDirectories(config.execRootPath());
        registration = context.registerService(DaemonConfig.class, config, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
