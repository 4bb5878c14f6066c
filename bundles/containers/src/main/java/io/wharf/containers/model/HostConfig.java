package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;

/**
 * Docker's HostConfig, field for field, as the API takes it, the store keeps it (hostconfig.json) and inspect
 * shows it. Public fields mirror Go's struct: absent slices are null (Go's nil), numbers default to zero, and
 * the omitempty fields are marked so.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HostConfig {
    @JsonProperty("Binds") public List<String> binds;
    @JsonProperty("ContainerIDFile") public String containerIdFile = "";
    // an explicit null (docker-java sends "LogConfig": null) keeps the default, as Go keeps the zero value
    @JsonProperty("LogConfig") @JsonSetter(nulls = Nulls.SKIP) public LogConfig logConfig = new LogConfig();
    @JsonProperty("NetworkMode") public String networkMode = "";
    @JsonProperty("PortBindings") public Map<String, List<Map<String, String>>> portBindings;
    @JsonProperty("RestartPolicy") @JsonSetter(nulls = Nulls.SKIP) public RestartPolicy restartPolicy = new RestartPolicy();
    @JsonProperty("AutoRemove") public boolean autoRemove;
    @JsonProperty("VolumeDriver") public String volumeDriver = "";
    @JsonProperty("VolumesFrom") public List<String> volumesFrom;
    @JsonProperty("ConsoleSize") public int[] consoleSize = {0, 0};
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Annotations") public Map<String, String> annotations;
    @JsonProperty("CapAdd") public List<String> capAdd;
    @JsonProperty("CapDrop") public List<String> capDrop;
    @JsonProperty("CgroupnsMode") public String cgroupnsMode = "";
    @JsonProperty("Dns") public List<String> dns;
    @JsonProperty("DnsOptions") public List<String> dnsOptions;
    @JsonProperty("DnsSearch") public List<String> dnsSearch;
    @JsonProperty("ExtraHosts") public List<String> extraHosts;
    @JsonProperty("GroupAdd") public List<String> groupAdd;
    @JsonProperty("IpcMode") public String ipcMode = "";
    @JsonProperty("Cgroup") public String cgroup = "";
    @JsonProperty("Links") public List<String> links;
    @JsonProperty("OomScoreAdj") public int oomScoreAdj;
    @JsonProperty("PidMode") public String pidMode = "";
    @JsonProperty("Privileged") public boolean privileged;
    @JsonProperty("PublishAllPorts") public boolean publishAllPorts;
    @JsonProperty("ReadonlyRootfs") public boolean readonlyRootfs;
    @JsonProperty("SecurityOpt") public List<String> securityOpt;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StorageOpt") public Map<String, String> storageOpt;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Tmpfs") public Map<String, String> tmpfs;
    @JsonProperty("UTSMode") public String utsMode = "";
    @JsonProperty("UsernsMode") public String usernsMode = "";
    @JsonProperty("ShmSize") public long shmSize;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Sysctls") public Map<String, String> sysctls;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Runtime") public String runtime;
    @JsonProperty("Isolation") public String isolation = "";
    // Resources (embedded in Go)
    @JsonProperty("CpuShares") public long cpuShares;
    @JsonProperty("Memory") public long memory;
    @JsonProperty("NanoCpus") public long nanoCpus;
    @JsonProperty("CgroupParent") public String cgroupParent = "";
    @JsonProperty("BlkioWeight") public int blkioWeight;
    @JsonProperty("BlkioWeightDevice") public List<WeightDevice> blkioWeightDevice;
    @JsonProperty("BlkioDeviceReadBps") public List<ThrottleDevice> blkioDeviceReadBps;
    @JsonProperty("BlkioDeviceWriteBps") public List<ThrottleDevice> blkioDeviceWriteBps;
    @JsonProperty("BlkioDeviceReadIOps") public List<ThrottleDevice> blkioDeviceReadIOps;
    @JsonProperty("BlkioDeviceWriteIOps") public List<ThrottleDevice> blkioDeviceWriteIOps;
    @JsonProperty("CpuPeriod") public long cpuPeriod;
    @JsonProperty("CpuQuota") public long cpuQuota;
    @JsonProperty("CpuRealtimePeriod") public long cpuRealtimePeriod;
    @JsonProperty("CpuRealtimeRuntime") public long cpuRealtimeRuntime;
    @JsonProperty("CpusetCpus") public String cpusetCpus = "";
    @JsonProperty("CpusetMems") public String cpusetMems = "";
    @JsonProperty("Devices") public List<DeviceMapping> devices;
    @JsonProperty("DeviceCgroupRules") public List<String> deviceCgroupRules;
    @JsonProperty("DeviceRequests") public List<DeviceRequest> deviceRequests;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("KernelMemoryTCP") public long kernelMemoryTcp;
    @JsonProperty("MemoryReservation") public long memoryReservation;
    @JsonProperty("MemorySwap") public long memorySwap;
    @JsonProperty("MemorySwappiness") public Long memorySwappiness;
    @JsonProperty("OomKillDisable") public Boolean oomKillDisable;
    @JsonProperty("PidsLimit") public Long pidsLimit;
    @JsonProperty("Ulimits") public List<Ulimit> ulimits;
    @JsonProperty("CpuCount") public long cpuCount;
    @JsonProperty("CpuPercent") public long cpuPercent;
    @JsonProperty("IOMaximumIOps") public long ioMaximumIOps;
    @JsonProperty("IOMaximumBandwidth") public long ioMaximumBandwidth;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Mounts") public List<Mount> mounts;
    @JsonProperty("MaskedPaths") public List<String> maskedPaths;
    @JsonProperty("ReadonlyPaths") public List<String> readonlyPaths;
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Init") public Boolean init;

    public boolean initEnabled() {
        return Boolean.TRUE.equals(init);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class LogConfig {
        @JsonProperty("Type") public String type = "";
        @JsonProperty("Config") @JsonSetter(nulls = Nulls.SKIP) public Map<String, String> config = Map.of();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class RestartPolicy {
        @JsonProperty("Name") public String name = "";
        @JsonProperty("MaximumRetryCount") public int maximumRetryCount;

        public RestartPolicy() {
        }

        public RestartPolicy(String name, int maximumRetryCount) {
            this.name = name;
            this.maximumRetryCount = maximumRetryCount;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isNone() {
            return name == null || name.isEmpty() || name.equals("no");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class DeviceMapping {
        @JsonProperty("PathOnHost") public String pathOnHost = "";
        @JsonProperty("PathInContainer") public String pathInContainer = "";
        @JsonProperty("CgroupPermissions") public String cgroupPermissions = "";
    }

    /** A block device's I/O weight (moby's blkiodev.WeightDevice). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WeightDevice(@JsonProperty("Path") String path, @JsonProperty("Weight") int weight) {
    }

    /** A block device's bytes or operations per second (moby's blkiodev.ThrottleDevice). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottleDevice(@JsonProperty("Path") String path, @JsonProperty("Rate") long rate) {
    }

    /** A request for devices from a device driver ({@code --gpus}; moby's container.DeviceRequest). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceRequest(@JsonProperty("Driver") String driver,
                                @JsonProperty("Count") int count,
                                @JsonProperty("DeviceIDs") List<String> deviceIds,
                                @JsonProperty("Capabilities") List<List<String>> capabilities,
                                @JsonProperty("Options") Map<String, String> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Ulimit {
        @JsonProperty("Name") public String name;
        @JsonProperty("Hard") public long hard;
        @JsonProperty("Soft") public long soft;
    }

    /** An entry of HostConfig.Mounts ({@code --mount}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class Mount {
        @JsonProperty("Type") public String type;
        @JsonProperty("Source") public String source;
        @JsonProperty("Target") public String target;
        @JsonProperty("ReadOnly") public boolean readOnly;
        @JsonProperty("Consistency") public String consistency;
        @JsonProperty("BindOptions") public BindOptions bindOptions;
        @JsonProperty("VolumeOptions") public VolumeOptions volumeOptions;
        @JsonProperty("TmpfsOptions") public TmpfsOptions tmpfsOptions;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class BindOptions {
        @JsonProperty("Propagation") public String propagation;
        @JsonProperty("NonRecursive") public boolean nonRecursive;
        @JsonProperty("CreateMountpoint") public boolean createMountpoint;
        @JsonProperty("ReadOnlyNonRecursive") public boolean readOnlyNonRecursive;
        @JsonProperty("ReadOnlyForceRecursive") public boolean readOnlyForceRecursive;
    }

    /** A volume mount's options (moby's mount.VolumeOptions); the omitempty fields are left out when empty. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record VolumeOptions(@JsonProperty("NoCopy") boolean noCopy,
                                @JsonProperty("Labels") Map<String, String> labels,
                                @JsonProperty("Subpath") String subpath,
                                @JsonProperty("DriverConfig") VolumeDriver driverConfig) {
        public VolumeOptions {
            labels = labels == null ? Map.of() : labels;
        }
    }

    /** The driver of a volume mount, and its options (moby's mount.Driver). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record VolumeDriver(@JsonProperty("Name") String name,
                               @JsonProperty("Options") Map<String, String> options) {
        public VolumeDriver {
            name = name == null ? "" : name;
            options = options == null ? Map.of() : options;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class TmpfsOptions {
        @JsonProperty("SizeBytes") public long sizeBytes;
        @JsonProperty("Mode") public int mode;
        @JsonProperty("Options") public List<List<String>> options;
    }
}
