package io.wharf.engine.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.api.config.RuntimeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /info} (moby's system.Info), the fields Wharf fills, in dockerd's order. What Wharf
 * has no notion of (swarm, plugins, isolation) is answered with the constants of a daemon that does not use it.
 */
@JsonPropertyOrder({"ID", "Containers", "ContainersRunning", "ContainersPaused", "ContainersStopped", "Images",
        "Driver", "DriverStatus", "Plugins", "MemoryLimit", "SwapLimit", "CpuCfsPeriod", "CpuCfsQuota", "CPUShares",
        "CPUSet", "PidsLimit", "IPv4Forwarding", "Debug", "NFd", "NGoroutines", "SystemTime", "LoggingDriver",
        "CgroupDriver", "CgroupVersion", "NEventsListener", "KernelVersion", "OperatingSystem", "OSVersion", "OSType",
        "Architecture", "IndexServerAddress", "RegistryConfig", "NCPU", "MemTotal", "DockerRootDir", "Name",
        "Labels", "ExperimentalBuild", "ServerVersion", "Runtimes", "DefaultRuntime", "Swarm", "LiveRestoreEnabled",
        "Isolation", "InitBinary", "SecurityOptions", "Warnings"})
public record InfoBody(
        @JsonProperty("ID") String id,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") int containersRunning,
        @JsonProperty("ContainersPaused") int containersPaused,
        @JsonProperty("ContainersStopped") int containersStopped,
        @JsonProperty("Images") int images,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverStatus") List<List<String>> driverStatus,
        @JsonProperty("Plugins") Plugins plugins,
        @JsonProperty("MemoryLimit") boolean memoryLimit,
        @JsonProperty("SwapLimit") boolean swapLimit,
        @JsonProperty("CpuCfsPeriod") boolean cpuCfsPeriod,
        @JsonProperty("CpuCfsQuota") boolean cpuCfsQuota,
        @JsonProperty("CPUShares") boolean cpuShares,
        @JsonProperty("CPUSet") boolean cpuSet,
        @JsonProperty("PidsLimit") boolean pidsLimit,
        @JsonProperty("IPv4Forwarding") boolean ipv4Forwarding,
        @JsonProperty("Debug") boolean debug,
        @JsonProperty("NFd") int nfd,
        @JsonProperty("NGoroutines") int ngoroutines,
        @JsonProperty("SystemTime") String systemTime,
        @JsonProperty("LoggingDriver") String loggingDriver,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("NEventsListener") int neventsListener,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSVersion") String osVersion,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("IndexServerAddress") String indexServerAddress,
        @JsonProperty("RegistryConfig") RegistryConfig registryConfig,
        @JsonProperty("NCPU") int ncpu,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("DockerRootDir") String dockerRootDir,
        @JsonProperty("Name") String name,
        @JsonProperty("Labels") List<String> labels,
        @JsonProperty("ExperimentalBuild") boolean experimentalBuild,
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("Runtimes") Map<String, Runtime> runtimes,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Swarm") Swarm swarm,
        @JsonProperty("LiveRestoreEnabled") boolean liveRestoreEnabled,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("InitBinary") String initBinary,
        @JsonProperty("SecurityOptions") List<String> securityOptions,
        @JsonProperty("Warnings") List<String> warnings) {

    /** Only the json-file log driver; no volume, network or authorization plugins. */
    @JsonPropertyOrder({"Volume", "Network", "Authorization", "Log"})
    public record Plugins(@JsonProperty("Volume") List<String> volume,
                          @JsonProperty("Network") List<String> network,
                          @JsonProperty("Authorization") List<String> authorization,
                          @JsonProperty("Log") List<String> log) {
        public static final Plugins WHARF = new Plugins(List.of(), List.of(), List.of(),
                List.of("journald", "json-file", "local", "syslog"));
    }

    @JsonPropertyOrder({"InsecureRegistryCIDRs", "IndexConfigs", "Mirrors"})
    public record RegistryConfig(@JsonProperty("InsecureRegistryCIDRs") List<String> insecureRegistryCidrs,
                                 @JsonProperty("IndexConfigs") Map<String, IndexInfo> indexConfigs,
                                 @JsonProperty("Mirrors") List<String> mirrors) {

        /** docker.io, then each insecure registry given by name; those given as a CIDR are listed apart. */
        public static RegistryConfig of(List<String> mirrors, List<String> insecureRegistries) {
            List<String> insecureCidrs = new ArrayList<>(List.of("::1/128", "127.0.0.0/8"));
            Map<String, IndexInfo> indexConfigs = new LinkedHashMap<>();
            indexConfigs.put("docker.io", new IndexInfo("docker.io", mirrors, true, true));
            for (String r : insecureRegistries) {
                if (r.contains("/")) {
                    insecureCidrs.add(r);
                } else {
                    indexConfigs.put(r, new IndexInfo(r, List.of(), false, false));
                }
            }
            return new RegistryConfig(insecureCidrs, indexConfigs, mirrors);
        }
    }

    @JsonPropertyOrder({"Name", "Mirrors", "Secure", "Official"})
    public record IndexInfo(@JsonProperty("Name") String name,
                            @JsonProperty("Mirrors") List<String> mirrors,
                            @JsonProperty("Secure") boolean secure,
                            @JsonProperty("Official") boolean official) {
    }

    /** A runtime's binary and its arguments (left out when it has none). */
    @JsonPropertyOrder({"path", "runtimeArgs"})
    public record Runtime(@JsonProperty("path") String path,
                          @JsonProperty("runtimeArgs") @JsonInclude(JsonInclude.Include.NON_NULL)
                          List<String> runtimeArgs) {

        /** runc and crun, then the configured runtimes (which may replace them). */
        public static Map<String, Runtime> allOf(Map<String, RuntimeDefinition> configured) {
            Map<String, Runtime> runtimes = new LinkedHashMap<>();
            runtimes.put("runc", new Runtime("runc", null));
            runtimes.put("crun", new Runtime("crun", null));
            configured.forEach((name, def) -> runtimes.put(name, new Runtime(def.path(), def.runtimeArgs())));
            return runtimes;
        }
    }

    /** A node that is not part of a swarm. */
    @JsonPropertyOrder({"NodeID", "NodeAddr", "LocalNodeState", "ControlAvailable", "Error", "RemoteManagers"})
    public record Swarm(@JsonProperty("NodeID") String nodeId,
                        @JsonProperty("NodeAddr") String nodeAddr,
                        @JsonProperty("LocalNodeState") String localNodeState,
                        @JsonProperty("ControlAvailable") boolean controlAvailable,
                        @JsonProperty("Error") String error,
                        @JsonProperty("RemoteManagers") List<Object> remoteManagers) {
        public static final Swarm INACTIVE = new Swarm("", "", "inactive", false, "", List.of());
    }
}
