package io.wharf.volumes.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.volumes.service.VolumeList;
import java.util.List;

/** The answer to {@code GET /volumes}. */
@JsonPropertyOrder({"Volumes", "Warnings"})
record VolumeListBody(@JsonProperty("Volumes") List<VolumeBody> volumes,
                      @JsonProperty("Warnings") List<String> warnings) {

    static VolumeListBody of(VolumeList list) {
        return new VolumeListBody(list.volumes().stream().map(VolumeBody::of).toList(), list.warnings());
    }
}
