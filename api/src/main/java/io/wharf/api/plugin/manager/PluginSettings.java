package io.wharf.api.plugin.manager;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What the user may change on an installed plugin; {@code env} holds {@code KEY=value} strings. */
public record PluginSettings(@JsonProperty("Mounts") List<PluginConfig.Mount> mounts,
                             @JsonProperty("Env") List<String> env,
                             @JsonProperty("Args") List<String> args,
                             @JsonProperty("Devices") List<PluginConfig.Device> devices) {
    public PluginSettings {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        env = env == null ? List.of() : List.copyOf(env);
        args = args == null ? List.of() : List.copyOf(args);
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
