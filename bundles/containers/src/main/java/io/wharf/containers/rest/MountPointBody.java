package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import java.util.List;

/**
 * A mount as inspect and list show it (moby's container.MountPoint): Name and Driver only for volumes, as Go's
 * omitempty leaves them out.
 */
@JsonPropertyOrder({"Type", "Name", "Source", "Destination", "Driver", "Mode", "RW", "Propagation"})
public record MountPointBody(
        @JsonProperty("Type") String type,
        @JsonProperty("Name") @JsonInclude(JsonInclude.Include.NON_EMPTY) String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonProperty("Driver") @JsonInclude(JsonInclude.Include.NON_EMPTY) String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation) {

    static MountPointBody of(MountPointRecord p) {
        return new MountPointBody(p.type, p.name, p.source, p.destination, p.driver, p.mode, p.rw, p.propagation);
    }

    static List<MountPointBody> of(List<MountPointRecord> points) {
        return points.stream().map(MountPointBody::of).toList();
    }
}
