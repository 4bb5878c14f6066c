package io.wharf.volumes.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.api.volume.Volume;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Docker's {@code Volume} object on the wire (inspect, create, list), keys in dockerd's order. Labels and Options
 * stay null when never given; CreatedAt is left out when unknown and Status when the driver reports nothing.
 */
@JsonPropertyOrder({"CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope", "Status"})
record VolumeBody(
        @JsonProperty("CreatedAt") @JsonInclude(JsonInclude.Include.NON_NULL) String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Status") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> status) {

    static VolumeBody of(Volume v) {
        return new VolumeBody(v.createdAt() == null ? null : v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                v.driver(), v.labels(), v.mountpoint() == null ? "" : v.mountpoint(), v.name(), v.options(),
                v.scope(), v.status());
    }
}
