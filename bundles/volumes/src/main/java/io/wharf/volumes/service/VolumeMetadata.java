package io.wharf.volumes.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What the service keeps about a volume besides its driver's state: which driver owns it, its labels and options
 * (which drivers do not report back), when it was created, and the last known mountpoint and scope so that the
 * volume can still be listed while its driver is away.
 *
 * @param createdAt RFC 3339
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record VolumeMetadata(@JsonProperty("Name") String name,
                      @JsonProperty("Driver") String driver,
                      @JsonProperty("Labels") Map<String, String> labels,
                      @JsonProperty("Options") Map<String, String> options,
                      @JsonProperty("CreatedAt") String createdAt,
                      @JsonProperty("Mountpoint") String mountpoint,
                      @JsonProperty("Scope") String scope) {
}
