package io.wharf.api.plugin.manager;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An installed plugin, as GET /plugins/{name}/json shows it. */
public record Plugin(@JsonProperty("Id") String id,
                     @JsonProperty("Name") String name,
                     @JsonProperty("Enabled") boolean enabled,
                     @JsonProperty("Settings") PluginSettings settings,
                     @JsonProperty("PluginReference") String pluginReference,
                     @JsonProperty("Config") PluginConfig config) {
}
