package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The answer to {@code GET /containers/{id}/top} (moby's container.TopResponse): ps's columns and rows. */
@JsonPropertyOrder({"Titles", "Processes"})
public record TopBody(@JsonProperty("Titles") List<String> titles,
                      @JsonProperty("Processes") List<List<String>> processes) {
}
