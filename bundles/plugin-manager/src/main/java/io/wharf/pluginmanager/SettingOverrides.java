package io.wharf.pluginmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@code docker plugin set} changed on a Docker plugin besides its env: its args (null while the config's
 * hold), and the sources of its mounts and paths of its devices, by their names in the config.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SettingOverrides(@JsonProperty("args") List<String> args,
                               @JsonProperty("mounts") Map<String, String> mounts,
                               @JsonProperty("devices") Map<String, String> devices) {
    public static final SettingOverrides NONE = new SettingOverrides(null, Map.of(), Map.of());

    public SettingOverrides {
        args = args == null ? null : List.copyOf(args);
        mounts = mounts == null ? Map.of() : Map.copyOf(mounts);
        devices = devices == null ? Map.of() : Map.copyOf(devices);
    }
}
