package io.wharf.volumes.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Docker's VolumeCreateOptions (ClusterVolumeSpec is ignored: there is no swarm). */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateVolumeRequest(@JsonProperty("Name") String name,
                           @JsonProperty("Driver") String driver,
                           @JsonProperty("DriverOpts") Map<String, String> driverOpts,
                           @JsonProperty("Labels") Map<String, String> labels) {
}
