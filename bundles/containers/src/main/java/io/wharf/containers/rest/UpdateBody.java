package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to {@code POST /containers/{id}/update} (moby's container.UpdateResponse). */
public record UpdateBody(@JsonProperty("Warnings") List<String> warnings) {
}
