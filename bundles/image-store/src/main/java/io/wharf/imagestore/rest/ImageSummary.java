package io.wharf.imagestore.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One row of GET /images/json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSummary(@JsonProperty("Id") String id,
                           @JsonProperty("ParentId") String parentId,
                           @JsonProperty("RepoTags") List<String> repoTags,
                           @JsonProperty("RepoDigests") List<String> repoDigests,
                           @JsonProperty("Created") long created,
                           @JsonProperty("Size") long size,
                           @JsonProperty("SharedSize") long sharedSize,
                           @JsonProperty("VirtualSize") Long virtualSize,
                           @JsonProperty("Labels") Map<String, String> labels,
                           @JsonProperty("Containers") long containers) {
}
