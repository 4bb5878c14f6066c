package io.wharf.pluginmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One installed plugin as persisted: its id, name, where it came from, whether it is enabled, and the env values
 * set on it ({@code KEY=value}), and for a Docker plugin what else was set. Its config.json and bundle jar (or
 * root file system) are files of their own beside the state.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PluginRecord(@JsonProperty("id") String id,
                           @JsonProperty("name") String name,
                           @JsonProperty("reference") String reference,
                           @JsonProperty("enabled") boolean enabled,
                           @JsonProperty("env") List<String> env,
                           @JsonProperty("overrides") SettingOverrides overrides) {
    public PluginRecord {
        reference = reference == null ? "" : reference;
        env = env == null ? List.of() : List.copyOf(env);
        overrides = overrides == null ? SettingOverrides.NONE : overrides;
    }

    /** A new plugin: nothing set on it yet. */
    public PluginRecord(String id, String name, String reference, boolean enabled, List<String> env) {
        this(id, name, reference, enabled, env, SettingOverrides.NONE);
    }

    public PluginRecord withEnabled(boolean value) {
        return new PluginRecord(id, name, reference, value, env, overrides);
    }

    public PluginRecord withEnv(List<String> value) {
        return new PluginRecord(id, name, reference, enabled, value, overrides);
    }

    public PluginRecord withReference(String value) {
        return new PluginRecord(id, name, value, enabled, env, overrides);
    }

    public PluginRecord withOverrides(SettingOverrides value) {
        return new PluginRecord(id, name, reference, enabled, env, value);
    }

    /** The bundle location in the framework: stable across upgrades, so an upgrade is an update in place. */
    public String bundleLocation() {
        return PluginStore.LOCATION_PREFIX + id;
    }
}
