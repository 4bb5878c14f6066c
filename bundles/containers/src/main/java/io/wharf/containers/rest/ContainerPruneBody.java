package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The answer to {@code POST /containers/prune}; ContainersDeleted is null, not [], when none was removed. */
@JsonPropertyOrder({"ContainersDeleted", "SpaceReclaimed"})
public record ContainerPruneBody(@JsonProperty("ContainersDeleted") List<String> containersDeleted,
                                 @JsonProperty("SpaceReclaimed") long spaceReclaimed) {

    public static ContainerPruneBody of(List<String> deleted, long reclaimed) {
        return new ContainerPruneBody(deleted.isEmpty() ? null : List.copyOf(deleted), reclaimed);
    }
}
