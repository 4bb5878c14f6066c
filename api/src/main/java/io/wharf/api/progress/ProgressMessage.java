package io.wharf.api.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One JSON line of a streamed long operation, exactly as Docker writes them (jsonmessage.JSONMessage):
 * {@code {"status":"Downloading","progressDetail":{"current":1,"total":2},"id":"abc"}}, {@code {"stream":"..."}}
 * for build output, and {@code {"errorDetail":{"message":"..."},"error":"..."}} for a failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressMessage(@JsonProperty("status") String status,
                              @JsonProperty("id") String id,
                              @JsonProperty("progressDetail") Detail progressDetail,
                              @JsonProperty("progress") String progress,
                              @JsonProperty("stream") String stream,
                              @JsonProperty("aux") Object aux,
                              @JsonProperty("errorDetail") ErrorDetail errorDetail,
                              @JsonProperty("error") String error) {

    public static ProgressMessage status(String status) {
        return new ProgressMessage(status, null, null, null, null, null, null, null);
    }

    public static ProgressMessage status(String id, String status) {
        return new ProgressMessage(status, id, null, null, null, null, null, null);
    }

    public static ProgressMessage progress(String id, String status, long current, long total) {
        return new ProgressMessage(status, id, new Detail(current, total), null, null, null, null, null);
    }

    public static ProgressMessage stream(String text) {
        return new ProgressMessage(null, null, null, null, text, null, null, null);
    }

    public static ProgressMessage aux(Object aux) {
        return new ProgressMessage(null, null, null, null, null, aux, null, null);
    }

    public static ProgressMessage error(String message) {
        return new ProgressMessage(null, null, null, null, null, null, new ErrorDetail(message), message);
    }

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Detail(@JsonProperty("current") long current, @JsonProperty("total") long total) {
    }

    public record ErrorDetail(@JsonProperty("message") String message) {
    }
}
