package io.wharf.pluginmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One installed plugin as persisted: its id, name, where it came from, whether it is enabled, and the env values
 * set on it ({@code KEY=value}). Its config.json and bundle jar are files of their own beside the state.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PluginRecord(@JsonProperty("id") String id,
                           @JsonProperty("name") String name,
                           @JsonProperty("reference") String reference,
                           @JsonProperty("enabled") boolean enabled,
                           @JsonProperty("env") List<String> env) {
    public PluginRecord {
        reference = reference == null ? "" : reference;
        env = env == null ? List.of() : List.copyOf(env);
    }

    public PluginRecord withEnabled(boolean value) {
        return new PluginRecord(id, name, reference, value, env);
    }

    public PluginRecord withEnv(List<String> value) {
        return new PluginRecord(id, name, reference, enabled, value);
    }

    public PluginRecord withReference(String value) {
        return new PluginRecord(id, name, value, enabled, env);
    }

    /** The bundle location in the framework: stable across upgrades, so an upgrade is an update in place. */
    public String bundleLocation() {
        return PluginStore.LOCATION_PREFIX + id;
    }
}
