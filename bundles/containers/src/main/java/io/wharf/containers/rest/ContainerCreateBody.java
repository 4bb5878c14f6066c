package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The answer to {@code POST /containers/create} (moby's container.CreateResponse). */
@JsonPropertyOrder({"Id", "Warnings"})
public record ContainerCreateBody(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {
}
