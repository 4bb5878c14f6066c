package io.wharf.volumes.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.volumes.service.PruneReport;
import java.util.List;

/** The answer to {@code POST /volumes/prune}. */
@JsonPropertyOrder({"VolumesDeleted", "SpaceReclaimed"})
record VolumePruneBody(@JsonProperty("VolumesDeleted") List<String> volumesDeleted,
                       @JsonProperty("SpaceReclaimed") long spaceReclaimed) {

    static VolumePruneBody of(PruneReport report) {
        return new VolumePruneBody(report.volumesDeleted(), report.spaceReclaimed());
    }
}
