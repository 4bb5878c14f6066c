package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /networks/{id}/disconnect} (moby's network.DisconnectOptions). */
@JsonIgnoreProperties(ignoreUnknown = true)
record NetworkDisconnectBody(@JsonProperty("Container") String container, @JsonProperty("Force") boolean force) {
}
