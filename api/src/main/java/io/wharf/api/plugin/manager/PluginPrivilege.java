package io.wharf.api.plugin.manager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A permission a plugin asks for and the user grants at install, as Docker's PluginPrivilege. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PluginPrivilege(@JsonProperty("Name") String name,
                              @JsonProperty("Description") String description,
                              @JsonProperty("Value") List<String> value) {
    public PluginPrivilege {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        value = value == null ? List.of() : List.copyOf(value);
    }
}
