package io.wharf.api.plugin.manager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A plugin's config.json in Docker's shape. For a Wharf bundle, {@code interface.types} name Wharf driver types
 * ({@code wharf.volumedriver/1.0}), {@code env} its settable options, and {@link Wharf} what Docker's shape has no
 * field for: the driver names the bundle registers and the configuration PID its settings go to. Docker's
 * container fields (entrypoint, rootfs...) are kept as given and mean nothing to a bundle.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PluginConfig(@JsonProperty("Description") String description,
                           @JsonProperty("Documentation") String documentation,
                           @JsonProperty("Interface") Interface pluginInterface,
                           @JsonProperty("Entrypoint") List<String> entrypoint,
                           @JsonProperty("WorkDir") String workDir,
                           @JsonProperty("Network") Network network,
                           @JsonProperty("Linux") Linux linux,
                           @JsonProperty("PropagatedMount") String propagatedMount,
                           @JsonProperty("IpcHost") boolean ipcHost,
                           @JsonProperty("PidHost") boolean pidHost,
                           @JsonProperty("Mounts") List<Mount> mounts,
                           @JsonProperty("Env") List<Env> env,
                           @JsonProperty("Args") Args args,
                           @JsonProperty("Wharf") Wharf wharf) {
    public PluginConfig {
        description = description == null ? "" : description;
        documentation = documentation == null ? "" : documentation;
        pluginInterface = pluginInterface == null ? new Interface(null, null) : pluginInterface;
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        workDir = workDir == null ? "" : workDir;
        network = network == null ? new Network(null) : network;
        linux = linux == null ? new Linux(null, false, null) : linux;
        propagatedMount = propagatedMount == null ? "" : propagatedMount;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        env = env == null ? List.of() : List.copyOf(env);
        args = args == null ? new Args(null, null, null, null) : args;
        wharf = wharf == null ? new Wharf(null, null) : wharf;
    }

    /** Types as Docker writes them, {@code prefix.capability/version}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Interface(@JsonProperty("Types") List<String> types, @JsonProperty("Socket") String socket) {
        public Interface {
            types = types == null ? List.of() : List.copyOf(types);
            socket = socket == null ? "" : socket;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Network(@JsonProperty("Type") String type) {
        public Network {
            type = type == null ? "" : type;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Linux(@JsonProperty("Capabilities") List<String> capabilities,
                        @JsonProperty("AllowAllDevices") boolean allowAllDevices,
                        @JsonProperty("Devices") List<Device> devices) {
        public Linux {
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
            devices = devices == null ? List.of() : List.copyOf(devices);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(@JsonProperty("Name") String name, @JsonProperty("Description") String description,
                         @JsonProperty("Settable") List<String> settable, @JsonProperty("Path") String path) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(@JsonProperty("Name") String name, @JsonProperty("Description") String description,
                        @JsonProperty("Settable") List<String> settable, @JsonProperty("Source") String source,
                        @JsonProperty("Destination") String destination, @JsonProperty("Type") String type,
                        @JsonProperty("Options") List<String> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Env(@JsonProperty("Name") String name, @JsonProperty("Description") String description,
                      @JsonProperty("Settable") List<String> settable, @JsonProperty("Value") String value) {
        public Env {
            description = description == null ? "" : description;
            settable = settable == null ? List.of() : List.copyOf(settable);
            value = value == null ? "" : value;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Args(@JsonProperty("Name") String name, @JsonProperty("Description") String description,
                       @JsonProperty("Settable") List<String> settable, @JsonProperty("Value") List<String> value) {
        public Args {
            name = name == null ? "" : name;
            description = description == null ? "" : description;
            settable = settable == null ? List.of() : List.copyOf(settable);
            value = value == null ? List.of() : List.copyOf(value);
        }
    }

    /**
     * Wharf's part: the driver names the bundle registers for its interface types (each owned by one plugin), and
     * the ConfigAdmin PID that receives its settings (the env values) while it is enabled.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Wharf(@JsonProperty("Drivers") List<String> drivers,
                        @JsonProperty("ConfigurationPid") String configurationPid) {
        public Wharf {
            drivers = drivers == null ? List.of() : List.copyOf(drivers);
            configurationPid = configurationPid == null ? "" : configurationPid;
        }
    }
}
