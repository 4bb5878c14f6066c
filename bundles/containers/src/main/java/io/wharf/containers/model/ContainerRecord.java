package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store keeps of a container in {@code config.v2.json}, in Docker's names. Times are RFC3339Nano strings
 * (Go's zero time for "never"). Guarded by the owning {@code Container}'s monitor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ContainerRecord {
    @JsonProperty("ID") public String id;
    @JsonProperty("Created") public String created;
    @JsonProperty("Path") public String path = "";
    @JsonProperty("Args") public List<String> args = new ArrayList<>();
    @JsonProperty("Config") public ContainerConfigJson config;
    /** Immutable and swapped whole, only by {@code Container.changeState}; volatile so lock-free readers see it. */
    @JsonProperty("State") public volatile StateRecord state = new StateRecord();
    @JsonProperty("Image") public String imageId;
    @JsonProperty("Name") public String name;
    @JsonProperty("RestartCount") public int restartCount;
    @JsonProperty("Driver") public String driver = "";
    @JsonProperty("OS") public String os = "linux";
    @JsonProperty("LogPath") public String logPath = "";
    @JsonProperty("HostnamePath") public String hostnamePath = "";
    @JsonProperty("HostsPath") public String hostsPath = "";
    @JsonProperty("ResolvConfPath") public String resolvConfPath = "";
    @JsonProperty("MountPoints") public List<MountPointRecord> mountPoints = new ArrayList<>();
    /** The networks the container is on (key: network name) with their live endpoints while it runs. */
    @JsonProperty("Networks") public Map<String, EndpointRecord> networks = new LinkedHashMap<>();
    /** Published ports while it runs: "80/tcp" to its host bindings. */
    @JsonProperty("Ports") public Map<String, List<PortBindingRecord>> ports = new LinkedHashMap<>();
    @JsonProperty("SandboxKey") public String sandboxKey = "";
    @JsonProperty("HasBeenStartedBefore") public boolean hasBeenStartedBefore;
    @JsonProperty("HasBeenManuallyStopped") public boolean hasBeenManuallyStopped;

    /** A mount over the root file system, as inspect's Mounts shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class MountPointRecord {
        @JsonProperty("Type") public String type;
        @JsonProperty("Name") public String name = "";
        @JsonProperty("Source") public String source = "";
        @JsonProperty("Destination") public String destination;
        @JsonProperty("Driver") public String driver = "";
        @JsonProperty("Mode") public String mode = "";
        @JsonProperty("RW") public boolean rw = true;
        @JsonProperty("Propagation") public String propagation = "";
        /** Volumes: whether the image's content at the destination is copied into a new, empty volume. */
        @JsonProperty("CopyData") public boolean copyData;
        /** Volumes to create: the driver options and labels of --mount type=volume (not stored). */
        @com.fasterxml.jackson.annotation.JsonIgnore public Map<String, String> volumeOptions = Map.of();
        @com.fasterxml.jackson.annotation.JsonIgnore public Map<String, String> volumeLabels = Map.of();
        /** Mount options for the runtime (not shown by inspect). */
        @JsonProperty("Options") public List<String> options = new ArrayList<>();

        public MountPointRecord() {
        }

        public MountPointRecord(String type, String source, String destination, boolean rw, String mode,
                                String propagation, List<String> options) {
            this.type = type;
            this.source = source;
            this.destination = destination;
            this.rw = rw;
            this.mode = mode;
            this.propagation = propagation;
            this.options = new ArrayList<>(options);
        }
    }

    /** A host binding of a published port, as inspect's NetworkSettings.Ports shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortBindingRecord(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }
}
