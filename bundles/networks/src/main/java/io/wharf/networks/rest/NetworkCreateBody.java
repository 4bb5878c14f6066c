package io.wharf.networks.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer to {@code POST /networks/create}: Wharf has no warnings to give. */
@JsonPropertyOrder({"Id", "Warning"})
record NetworkCreateBody(@JsonProperty("Id") String id, @JsonProperty("Warning") String warning) {

    static NetworkCreateBody of(String id) {
        return new NetworkCreateBody(id, "");
    }
}
