package io.wharf.plugins.protocol;

import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.plugin.PluginSockets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the {@link PluginRegistry} on the configured directories; it is the registry itself. */
@Component(service = {LegacyPlugins.class, PluginSockets.class}, configurationPid = PluginsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PluginsConfiguration.class)
public final class PluginsComponent extends PluginRegistry {
    @Activate
    public PluginsComponent(PluginsConfiguration config) throws IOException {
        super(new PluginDiscovery(Path.of(config.socketsDir()), Arrays.stream(config.specDirs()).map(Path::of).toList()),
                new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(Math.max(1, config.retrySeconds()))));
    }

    /** A SIGHUP changes only this PID's authorization plugins, which are not this component's: it stays. */
    @Modified
    void modified() {
        // the directories come from the environment and change only with a restart
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
