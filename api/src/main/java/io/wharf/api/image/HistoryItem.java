package io.wharf.api.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One row of docker history, newest first, in the API's shape. */
public record HistoryItem(@JsonProperty("Id") String id, @JsonProperty("Created") long created,
                          @JsonProperty("CreatedBy") String createdBy, @JsonProperty("Tags") List<String> tags,
                          @JsonProperty("Size") long size, @JsonProperty("Comment") String comment) {
}
