package io.wharf.pluginmanager;

import java.io.IOException;
import java.util.Map;

/** Where an enabled plugin's settings go: its bundle's configuration (ConfigAdmin) under the PID it names. */
public interface PluginSettingsSink {
    void apply(String pid, Map<String, String> settings) throws IOException;

    void clear(String pid) throws IOException;
}
