package io.wharf.api.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer of an image prune. */
public record PruneReport(@JsonProperty("ImagesDeleted") List<DeleteResponse> imagesDeleted,
                          @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
