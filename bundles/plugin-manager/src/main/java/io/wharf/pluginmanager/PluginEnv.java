package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.PluginConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plugin's env: the config's defaults overridden by what {@code docker plugin set} changed (and kept). */
public final class PluginEnv {
    private PluginEnv() {
    }

    /** The effective values, in the config's order. */
    public static Map<String, String> values(PluginConfig config, List<String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (PluginConfig.Env env : config.env()) {
            values.put(env.name(), env.value());
        }
        for (String entry : overrides) {
            // what was set survives an upgrade, even a key the new config no longer declares: dockerd's upgrade
            // replaces the config and keeps the plugin's Settings as they are
            int eq = entry.indexOf('=');
            values.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return values;
    }

    public static List<String> asList(Map<String, String> values) {
        List<String> result = new ArrayList<>();
        values.forEach((k, v) -> result.add(k + "=" + v));
        return result;
    }

    /**
     * The overrides after {@code docker plugin set NAME KEY=value...}: each key must be an env of the config whose
     * value is settable, in dockerd's words when not.
     */
    public static List<String> set(PluginConfig config, List<String> overrides, List<String> settings) {
        Map<String, String> changed = new LinkedHashMap<>();
        for (String entry : overrides) {
            int eq = entry.indexOf('=');
            changed.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw EngineException.invalid("invalid key/value pair format: %s", setting);
            }
            String key = setting.substring(0, eq);
            if (key.contains(".")) {
                throw EngineException.invalid("setting %s: only env values can be set on a Wharf plugin", key);
            }
            PluginConfig.Env env = config.env().stream().filter(e -> e.name().equals(key)).findFirst()
                    .orElseThrow(() -> EngineException.invalid(
                            "setting \"%s\" not found in the plugin configuration", key));
            if (!env.settable().contains("value")) {
                throw EngineException.invalid("\"%s\" is not settable", key);
            }
            changed.put(key, setting.substring(eq + 1));
        }
        return asList(changed);
    }
}
