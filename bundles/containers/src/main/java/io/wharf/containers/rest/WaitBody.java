package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to {@code POST /containers/{id}/wait} (moby's container.WaitResponse): the exit code, and Error only
 * when the container's last run ended with one.
 */
@JsonPropertyOrder({"StatusCode", "Error"})
public record WaitBody(@JsonProperty("StatusCode") int statusCode,
                       @JsonProperty("Error") @JsonInclude(JsonInclude.Include.NON_NULL) WaitError error) {

    public static WaitBody of(int statusCode, String error) {
        return new WaitBody(statusCode, error == null || error.isEmpty() ? null : new WaitError(error));
    }

    public record WaitError(@JsonProperty("Message") String message) {
    }
}
