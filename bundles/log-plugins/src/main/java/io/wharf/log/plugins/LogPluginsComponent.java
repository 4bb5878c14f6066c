package io.wharf.log.plugins;

import io.wharf.api.log.LogDriverResolver;
import io.wharf.api.plugin.LegacyPlugins;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Offers the containers bundle the log drivers of legacy plugins, found by name on first use. */
@Component(configurationPid = LogPluginsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LogPluginsConfiguration.class)
public final class LogPluginsComponent implements LogDriverResolver {
    private final LogPluginDrivers drivers;

    @Activate
    public LogPluginsComponent(LogPluginsConfiguration config, @Reference LegacyPlugins plugins) {
        drivers = new LogPluginDrivers(plugins, new Fifos(Path.of(config.execRoot(), "logging-plugins")));
    }

    @Override
    public io.wharf.api.log.LogDriver resolve(String name) {
        return drivers.resolve(name);
    }
}
