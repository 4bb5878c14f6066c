package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store keeps of a container in {@code config.v2.json}, in Docker's names. Times are RFC3339Nano strings
 * (Go's zero time for "never"). Guarded by the owning {@code Container}'s monitor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ID", "Created", "Path", "Args", "Config", "State", "Image", "Name", "RestartCount", "Driver", "OS",
        "LogPath", "HostnamePath", "HostsPath", "ResolvConfPath", "MountPoints", "Networks", "Ports", "SandboxKey",
        "HasBeenStartedBefore", "HasBeenManuallyStopped"})
public final class ContainerRecord {
    // What the container was created with: final, so only the creating constructor (and Jackson, reading the
    // store) sets them; readers use the fields.
    @JsonProperty("ID") public final String id;
    @JsonProperty("Created") public final String created;
    @JsonProperty("Path") public final String path;
    @JsonProperty("Args") public final List<String> args;
    @JsonProperty("Config") public final ContainerConfigJson config;
    @JsonProperty("Image") public final String imageId;
    @JsonProperty("Driver") public final String driver;
    @JsonProperty("OS") public final String os;
    @JsonProperty("LogPath") public final String logPath;
    @JsonProperty("MountPoints") public final List<MountPointRecord> mountPoints;

    /** Immutable and swapped whole, only by {@code Container.changeState}; volatile so lock-free readers see it. */
    @JsonProperty("State") public volatile StateRecord state = new StateRecord();

    // What changes over the container's life: private, changed only through the named transitions below.
    @JsonProperty("Name") private String name;
    @JsonProperty("RestartCount") private int restartCount;
    @JsonProperty("HostnamePath") private String hostnamePath = "";
    @JsonProperty("HostsPath") private String hostsPath = "";
    @JsonProperty("ResolvConfPath") private String resolvConfPath = "";
    /** The networks the container is on (key: network name) with their live endpoints while it runs. */
    @JsonProperty("Networks") private Map<String, EndpointRecord> networks;
    /** Published ports while it runs: "80/tcp" to its host bindings. */
    @JsonProperty("Ports") private Map<String, List<PortBindingRecord>> ports = new LinkedHashMap<>();
    @JsonProperty("SandboxKey") private String sandboxKey = "";
    @JsonProperty("HasBeenStartedBefore") private boolean hasBeenStartedBefore;
    @JsonProperty("HasBeenManuallyStopped") private boolean hasBeenManuallyStopped;

    /** For Jackson, which fills the fields from the stored file. */
    private ContainerRecord() {
        this(null, null, null, "", new ArrayList<>(), null, null, "", "", new ArrayList<>(), new LinkedHashMap<>());
    }

    /** A new container's record; {@code args} and the maps are taken as they are (not copied). */
    public ContainerRecord(String id, String created, String name, String path, List<String> args,
                           ContainerConfigJson config, String imageId, String driver, String logPath,
                           List<MountPointRecord> mountPoints, Map<String, EndpointRecord> networks) {
        this.id = id;
        this.created = created;
        this.name = name;
        this.path = path;
        this.args = args;
        this.config = config;
        this.imageId = imageId;
        this.driver = driver;
        this.os = "linux";
        this.logPath = logPath;
        this.mountPoints = mountPoints;
        this.networks = networks;
    }

    // ---- readers (under the owning Container's monitor, like the transitions)

    public String name() {
        return name;
    }

    public int restartCount() {
        return restartCount;
    }

    public String hostnamePath() {
        return hostnamePath;
    }

    public String hostsPath() {
        return hostsPath;
    }

    public String resolvConfPath() {
        return resolvConfPath;
    }

    /** The networks by name, read-only: {@link #connectNetwork} and {@link #disconnectNetwork} change them. */
    public Map<String, EndpointRecord> networks() {
        return Collections.unmodifiableMap(networks);
    }

    public Map<String, List<PortBindingRecord>> ports() {
        return ports;
    }

    public String sandboxKey() {
        return sandboxKey;
    }

    public boolean hasBeenStartedBefore() {
        return hasBeenStartedBefore;
    }

    public boolean hasBeenManuallyStopped() {
        return hasBeenManuallyStopped;
    }

    // ---- transitions (the caller holds the owning Container's monitor and persists afterwards)

    /** docker rename, or its undo when the rename could not be stored. */
    public void rename(String newName) {
        name = newName;
    }

    /** A start asked for by a user: the restart policy's count and the manual stop are forgotten. */
    public void startedByUser() {
        hasBeenManuallyStopped = false;
        restartCount = 0;
    }

    /** A stop asked for by a user: restart policies other than always leave the container stopped. */
    public void stoppedByUser() {
        hasBeenManuallyStopped = true;
    }

    /** The process started. */
    public void startedOnce() {
        hasBeenStartedBefore = true;
    }

    /** The restart policy restarts the container after an exit. */
    public void countRestart() {
        restartCount++;
    }

    /** The /etc files written for this start; null for a file the container does not get. */
    public void useEtcFiles(Path hostname, Path hosts, Path resolvConf) {
        hostnamePath = hostname == null ? "" : hostname.toString();
        hostsPath = hosts == null ? "" : hosts.toString();
        resolvConfPath = resolvConf == null ? "" : resolvConf.toString();
    }

    /** The network sandbox is up with the ports it published. */
    public void joinSandbox(String key, Map<String, List<PortBindingRecord>> publishedPorts) {
        sandboxKey = key;
        ports = publishedPorts;
    }

    /** The network sandbox is gone: no key, no published ports. */
    public void leaveSandbox() {
        sandboxKey = "";
        ports = new LinkedHashMap<>();
    }

    /** docker network connect (or a start's endpoint on a network it was created on). */
    public void connectNetwork(String network, EndpointRecord endpoint) {
        networks.put(network, endpoint);
    }

    /** docker network disconnect. */
    public void disconnectNetwork(String network) {
        networks.remove(network);
    }

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

        /** The volume a create made (or found) for this mount: its name, driver and path on the host. */
        public void volumeCreated(String volumeName, String volumeDriver, String mountpoint) {
            name = volumeName;
            driver = volumeDriver;
            source = mountpoint;
        }

        /** Where the volume driver mounted the volume for this start; the caller holds the container's monitor. */
        public void mountedAt(String mountpoint) {
            source = mountpoint;
        }
    }

    /** A host binding of a published port, as inspect's NetworkSettings.Ports shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortBindingRecord(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }
}
