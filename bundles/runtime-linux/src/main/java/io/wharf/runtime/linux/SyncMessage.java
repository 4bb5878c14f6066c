package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One line conmon writes to its sync pipe with {@code --api-version 1}: {@code {"data": N}} (a PID, an exit code,
 * or 0 for "attach socket ready") or {@code {"data": -1, "message": "runtime stderr"}} on failure.
 */
record SyncMessage(long data, String message) {
    boolean failed() {
        return data < 0;
    }

    static SyncMessage parse(ObjectMapper json, String line) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (IOException e) {
            throw new IOException("conmon wrote an unexpected sync message: " + line, e);
        }
        if (node == null || !node.has("data")) {
            throw new IOException("conmon wrote an unexpected sync message: " + line);
        }
        return new SyncMessage(node.get("data").asLong(), node.path("message").asText(""));
    }
}
