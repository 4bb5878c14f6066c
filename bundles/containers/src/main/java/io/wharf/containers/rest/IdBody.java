package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to {@code POST /containers/{id}/exec} (moby's common.IDResponse). */
public record IdBody(@JsonProperty("Id") String id) {
}
