package io.wharf.api.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of docker rmi's answer: exactly one of the two fields is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteResponse(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
    public static DeleteResponse untagged(String reference) {
        return new DeleteResponse(reference, null);
    }

    public static DeleteResponse deleted(String id) {
        return new DeleteResponse(null, id);
    }
}
