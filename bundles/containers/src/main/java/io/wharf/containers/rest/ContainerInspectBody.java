package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.api.model.Digest;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.ContainerRecord.PortBindingRecord;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /containers/{id}/json} (moby's container.InspectResponse), key for key as dockerd sends
 * it, zero values included. SizeRw and SizeRootFs only with {@code ?size=1}.
 */
@JsonPropertyOrder({"Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath", "HostnamePath", "HostsPath",
        "LogPath", "Name", "RestartCount", "Driver", "Platform", "MountLabel", "ProcessLabel", "AppArmorProfile",
        "ExecIDs", "HostConfig", "GraphDriver", "SizeRw", "SizeRootFs", "Mounts", "Config", "NetworkSettings"})
public record ContainerInspectBody(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("State") State state,
        @JsonProperty("Image") String image,
        @JsonProperty("ResolvConfPath") String resolvConfPath,
        @JsonProperty("HostnamePath") String hostnamePath,
        @JsonProperty("HostsPath") String hostsPath,
        @JsonProperty("LogPath") String logPath,
        @JsonProperty("Name") String name,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Platform") String platform,
        @JsonProperty("MountLabel") String mountLabel,
        @JsonProperty("ProcessLabel") String processLabel,
        @JsonProperty("AppArmorProfile") String appArmorProfile,
        /* null rather than [] when there are none, as dockerd */
        @JsonProperty("ExecIDs") List<String> execIds,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonProperty("SizeRw") @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRw,
        @JsonProperty("SizeRootFs") @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRootFs,
        @JsonProperty("Mounts") List<MountPointBody> mounts,
        @JsonProperty("Config") ContainerConfigJson config,
        @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

    /** Call while holding the container's monitor; {@code size} null unless {@code ?size=1}. */
    public static ContainerInspectBody of(Container c, String graphDriver, ContainerSize size) {
        ContainerRecord r = c.record();
        List<String> execs = c.execIds();
        return new ContainerInspectBody(r.id, r.created, r.path, r.args, State.of(r.state), r.imageId,
                r.resolvConfPath(), r.hostnamePath(), r.hostsPath(), r.logPath, r.name(), r.restartCount(),
                graphDriver, r.os, "", "", "", execs.isEmpty() ? null : execs, c.hostConfig(),
                new GraphDriver(Map.of(), graphDriver), size == null ? null : size.sizeRw(),
                size == null ? null : size.sizeRootFs(), MountPointBody.of(r.mountPoints), r.config,
                NetworkSettings.of(r));
    }

    /** moby's container.State; Health only for containers with a health check. */
    @JsonPropertyOrder({"Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ExitCode", "Error",
            "StartedAt", "FinishedAt", "Health"})
    public record State(@JsonProperty("Status") String status,
                        @JsonProperty("Running") boolean running,
                        @JsonProperty("Paused") boolean paused,
                        @JsonProperty("Restarting") boolean restarting,
                        @JsonProperty("OOMKilled") boolean oomKilled,
                        @JsonProperty("Dead") boolean dead,
                        @JsonProperty("Pid") long pid,
                        @JsonProperty("ExitCode") int exitCode,
                        @JsonProperty("Error") String error,
                        @JsonProperty("StartedAt") String startedAt,
                        @JsonProperty("FinishedAt") String finishedAt,
                        @JsonProperty("Health") @JsonInclude(JsonInclude.Include.NON_NULL)
                        StateRecord.Health health) {

        static State of(StateRecord s) {
            return new State(s.status(), s.running, s.paused, s.restarting, s.oomKilled, s.dead, s.pid, s.exitCode,
                    s.error == null ? "" : s.error, s.startedAt, s.finishedAt, s.health);
        }
    }

    /** The storage driver; Data stays empty (dockerd lists overlay2's directories, Wharf keeps them private). */
    @JsonPropertyOrder({"Data", "Name"})
    public record GraphDriver(@JsonProperty("Data") Map<String, String> data, @JsonProperty("Name") String name) {
    }

    /**
     * moby's NetworkSettings: the deprecated top-level address fields describe the default bridge's endpoint
     * only, as in dockerd.
     */
    @JsonPropertyOrder({"Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode", "LinkLocalIPv6Address",
            "LinkLocalIPv6PrefixLen", "SecondaryIPAddresses", "SecondaryIPv6Addresses", "EndpointID", "Gateway",
            "GlobalIPv6Address", "GlobalIPv6PrefixLen", "IPAddress", "IPPrefixLen", "IPv6Gateway", "MacAddress",
            "Networks"})
    public record NetworkSettings(@JsonProperty("Bridge") String bridge,
                                  @JsonProperty("SandboxID") String sandboxId,
                                  @JsonProperty("SandboxKey") String sandboxKey,
                                  @JsonProperty("Ports") Map<String, List<PortBindingRecord>> ports,
                                  @JsonProperty("HairpinMode") boolean hairpinMode,
                                  @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
                                  @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
                                  @JsonProperty("SecondaryIPAddresses") List<String> secondaryIpAddresses,
                                  @JsonProperty("SecondaryIPv6Addresses") List<String> secondaryIpv6Addresses,
                                  @JsonProperty("EndpointID") String endpointId,
                                  @JsonProperty("Gateway") String gateway,
                                  @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
                                  @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
                                  @JsonProperty("IPAddress") String ipAddress,
                                  @JsonProperty("IPPrefixLen") int ipPrefixLen,
                                  @JsonProperty("IPv6Gateway") String ipv6Gateway,
                                  @JsonProperty("MacAddress") String macAddress,
                                  @JsonProperty("Networks") Map<String, EndpointRecord> networks) {

        static NetworkSettings of(ContainerRecord r) {
            EndpointRecord bridge = r.networks().get("bridge");
            boolean live = bridge != null && !bridge.endpointId.isEmpty();
            return new NetworkSettings("", r.sandboxKey().isEmpty() ? "" : sandboxId(r), r.sandboxKey(),
                    r.ports().isEmpty() && !r.state.running ? Map.of() : r.ports(), false, "", 0, null, null,
                    live ? bridge.endpointId : "", live ? bridge.gateway : "", live ? bridge.globalIpv6Address : "",
                    live ? bridge.globalIpv6PrefixLen : 0, live ? bridge.ipAddress : "",
                    live ? bridge.ipPrefixLen : 0, live ? bridge.ipv6Gateway : "", live ? bridge.macAddress : "",
                    r.networks());
        }

        private static String sandboxId(ContainerRecord r) {
            return Digest.sha256(("wharf-sandbox:" + r.id + ":" + r.sandboxKey())
                    .getBytes(StandardCharsets.UTF_8)).hex();
        }
    }
}
