package io.wharf.imagestore.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.image.HistoryItem;
import java.util.List;

/** One row of GET /images/{name}/history (moby's image.HistoryResponseItem), newest first. */
public record ImageHistoryItem(@JsonProperty("Id") String id,
                               @JsonProperty("Created") long created,
                               @JsonProperty("CreatedBy") String createdBy,
                               @JsonProperty("Tags") List<String> tags,
                               @JsonProperty("Size") long size,
                               @JsonProperty("Comment") String comment) {

    static ImageHistoryItem from(HistoryItem item) {
        return new ImageHistoryItem(item.id(), item.created(), item.createdBy(), item.tags(), item.size(),
                item.comment());
    }
}
