package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A row of {@code GET /containers/json} (moby's container.Summary), key for key as dockerd sends it; SizeRw and
 * SizeRootFs only with {@code ?size=1}.
 */
@JsonPropertyOrder({"Id", "Names", "Image", "ImageID", "Command", "Created", "Ports", "SizeRw", "SizeRootFs",
        "Labels", "State", "Status", "HostConfig", "NetworkSettings", "Mounts"})
public record ContainerSummaryBody(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("Ports") List<Port> ports,
        @JsonProperty("SizeRw") @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRw,
        @JsonProperty("SizeRootFs") @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRootFs,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("HostConfig") SummaryHostConfig hostConfig,
        @JsonProperty("NetworkSettings") SummaryNetworkSettings networkSettings,
        @JsonProperty("Mounts") List<MountPointBody> mounts) {

    /**
     * Call while holding the container's monitor; {@code size} null unless {@code ?size=1}; {@code created} the
     * record's creation time, which the list has already read to sort by (null when it has none).
     */
    public static ContainerSummaryBody of(Container c, ContainerSize size, Instant created, Instant now) {
        ContainerRecord r = c.record();
        HostConfig hc = c.hostConfig();
        return new ContainerSummaryBody(r.id, List.of(r.name()), r.config.image, r.imageId, command(r),
                created == null ? 0 : created.getEpochSecond(), Port.of(r), size == null ? null : size.sizeRw(),
                size == null ? null : size.sizeRootFs(), r.config.labelsOrEmpty(), r.state.status(),
                StatusText.of(r.state, now), new SummaryHostConfig(hc.networkMode, hc.annotations),
                new SummaryNetworkSettings(r.networks()), MountPointBody.of(r.mountPoints));
    }

    /** moby's list: Path and Args, quoting arguments that contain spaces. */
    static String command(ContainerRecord r) {
        if (r.args.isEmpty()) {
            return r.path;
        }
        StringBuilder sb = new StringBuilder(r.path);
        for (String a : r.args) {
            sb.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        }
        return sb.toString();
    }

    /** docker ps PORTS: published ports with their host bindings, exposed ones without (IP, PublicPort). */
    @JsonPropertyOrder({"IP", "PrivatePort", "PublicPort", "Type"})
    public record Port(@JsonProperty("IP") @JsonInclude(JsonInclude.Include.NON_NULL) String ip,
                       @JsonProperty("PrivatePort") int privatePort,
                       @JsonProperty("PublicPort") @JsonInclude(JsonInclude.Include.NON_NULL) Integer publicPort,
                       @JsonProperty("Type") String type) {

        static List<Port> of(ContainerRecord r) {
            List<Port> result = new ArrayList<>();
            r.ports().forEach((key, bindings) -> {
                int slash = key.indexOf('/');
                int port = Integer.parseInt(key.substring(0, slash));
                String type = key.substring(slash + 1);
                if (bindings == null || bindings.isEmpty()) {
                    result.add(new Port(null, port, null, type));
                    return;
                }
                for (ContainerRecord.PortBindingRecord b : bindings) {
                    result.add(new Port(b.hostIp(), port, Integer.parseInt(b.hostPort()), type));
                }
            });
            return result;
        }
    }

    /** The list's HostConfig: the network mode, and Annotations when there are any. */
    @JsonPropertyOrder({"NetworkMode", "Annotations"})
    public record SummaryHostConfig(@JsonProperty("NetworkMode") String networkMode,
                                    @JsonProperty("Annotations") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                                    Map<String, String> annotations) {
    }

    public record SummaryNetworkSettings(@JsonProperty("Networks") Map<String, EndpointRecord> networks) {
    }
}
