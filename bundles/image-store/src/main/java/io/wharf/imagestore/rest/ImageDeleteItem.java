package io.wharf.imagestore.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.image.DeleteResponse;

/**
 * One line of DELETE /images/{name} and of a prune's {@code ImagesDeleted} (moby's image.DeleteResponse): exactly
 * one of the two fields is set, the other left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {

    static ImageDeleteItem from(DeleteResponse response) {
        return new ImageDeleteItem(response.untagged(), response.deleted());
    }
}
