package io.wharf.pluginmanager.docker;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.plugin.manager.PluginSettings;
import io.wharf.pluginmanager.PluginEnv;
import io.wharf.pluginmanager.PluginRecord;
import io.wharf.pluginmanager.SettingOverrides;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker plugin set} on a Docker plugin, as dockerd's settable.go reads it: {@code NAME[.FIELD]=VALUE},
 * where NAME is an env ({@code value}), a mount ({@code source}), a device ({@code path}) or the args
 * ({@code value}, split at spaces) of the config, and the field must be one the config marks settable (the only
 * one it marks when none is given).
 */
public final class DockerSettings {
    private DockerSettings() {
    }

    /** The record with the settings applied; nothing is applied when one of them is refused. */
    public static PluginRecord apply(PluginConfig config, PluginRecord record, List<String> settings) {
        Map<String, String> env = new LinkedHashMap<>(PluginEnv.values(config, record.env()));
        List<String> args = record.overrides().args();
        Map<String, String> mounts = new HashMap<>(record.overrides().mounts());
        Map<String, String> devices = new HashMap<>(record.overrides().devices());
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw EngineException.invalid("invalid key/value pair format: %s", setting);
            }
            String key = setting.substring(0, eq);
            String value = setting.substring(eq + 1);
            int dot = key.indexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            String field = dot < 0 ? "" : key.substring(dot + 1);
            if (config.env().stream().anyMatch(e -> e.name().equals(name))) {
                check(key, field, settableOfEnv(config, name), "value");
                env.put(name, value);
            } else if (config.mounts().stream().anyMatch(m -> name.equals(m.name()))) {
                check(key, field, config.mounts().stream().filter(m -> name.equals(m.name())).findFirst()
                        .map(PluginConfig.Mount::settable).orElse(null), "source");
                mounts.put(name, value);
            } else if (config.linux().devices().stream().anyMatch(d -> name.equals(d.name()))) {
                check(key, field, config.linux().devices().stream().filter(d -> name.equals(d.name())).findFirst()
                        .map(PluginConfig.Device::settable).orElse(null), "path");
                devices.put(name, value);
            } else if (!config.args().name().isEmpty() && config.args().name().equals(name)) {
                check(key, field, config.args().settable(), "value");
                args = List.of(value.split(" "));
            } else {
                throw EngineException.invalid("setting \"%s\" not found in the plugin configuration", name);
            }
        }
        return record.withEnv(PluginEnv.asList(env)).withOverrides(new SettingOverrides(args, mounts, devices));
    }

    /** The settings as inspect shows them: the config's, with what was set. */
    public static PluginSettings describe(PluginConfig config, PluginRecord record) {
        List<PluginConfig.Mount> mounts = new ArrayList<>();
        for (PluginConfig.Mount m : config.mounts()) {
            String source = m.name() == null ? null : record.overrides().mounts().get(m.name());
            mounts.add(source == null ? m : new PluginConfig.Mount(m.name(), m.description(), m.settable(), source,
                    m.destination(), m.type(), m.options()));
        }
        List<PluginConfig.Device> devices = new ArrayList<>();
        for (PluginConfig.Device d : config.linux().devices()) {
            String path = d.name() == null ? null : record.overrides().devices().get(d.name());
            devices.add(path == null ? d : new PluginConfig.Device(d.name(), d.description(), d.settable(), path));
        }
        return new PluginSettings(mounts, PluginEnv.asList(PluginEnv.values(config, record.env())), args(config,
                record), devices);
    }

    /** The args the plugin runs with: those set, else the config's. */
    public static List<String> args(PluginConfig config, PluginRecord record) {
        return record.overrides().args() != null ? record.overrides().args() : config.args().value();
    }

    private static List<String> settableOfEnv(PluginConfig config, String name) {
        return config.env().stream().filter(e -> e.name().equals(name)).findFirst()
                .map(PluginConfig.Env::settable).orElse(List.of());
    }

    private static void check(String key, String field, List<String> settable, String allowed) {
        List<String> marked = settable == null ? List.of() : settable;
        String wanted = field.isEmpty() && marked.size() == 1 ? marked.get(0) : field;
        if (!wanted.equals(allowed) || !marked.contains(wanted)) {
            throw EngineException.invalid("\"%s\" is not settable", key);
        }
    }
}
