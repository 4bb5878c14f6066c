package io.wharf.pluginmanager.osgi;

import io.wharf.pluginmanager.PluginSettingsSink;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Plugin settings as the ConfigAdmin configuration of the PID the plugin names (bound to any bundle). */
final class ConfigAdminSettings implements PluginSettingsSink {
    private final ConfigurationAdmin admin;

    ConfigAdminSettings(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void apply(String pid, Map<String, String> settings) throws IOException {
        admin.getConfiguration(pid, "?").updateIfDifferent(new Hashtable<>(settings));
    }

    @Override
    public void clear(String pid) throws IOException {
        Configuration[] existing;
        try {
            existing = admin.listConfigurations("(service.pid=" + pid.replaceAll("[()*\\\\]", "") + ")");
        } catch (InvalidSyntaxException e) {
            return;
        }
        for (Configuration configuration : existing == null ? new Configuration[0] : existing) {
            configuration.delete();
        }
    }
}
