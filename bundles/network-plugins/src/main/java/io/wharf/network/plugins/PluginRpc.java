package io.wharf.network.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.io.IOException;

/**
 * One plugin's JSON calls. libnetwork's remote drivers answer errors as {@code {"Err": "..."}} (with status 200 or
 * not); both become the error dockerd shows: {@code METHOD: ERR}, the plugin's own words, as an engine error.
 */
final class PluginRpc {
    static final ObjectMapper JSON = new ObjectMapper();
    private final LegacyPlugin plugin;

    PluginRpc(LegacyPlugin plugin) {
        this.plugin = plugin;
    }

    String name() {
        return plugin.name();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The answer (an empty object for an empty body). */
    JsonNode call(String method, ObjectNode request) {
        byte[] body;
        try {
            body = plugin.call(method, JSON.writeValueAsBytes(request));
        } catch (PluginCallException e) {
            throw new PluginError(method, e.status(), e.pluginMessage(), e);
        } catch (IOException e) {
            throw EngineException.system(method + ": plugin " + plugin.name() + " did not answer: "
                    + e.getMessage(), e);
        }
        JsonNode answer;
        try {
            answer = body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            throw EngineException.system(method + ": plugin " + plugin.name() + " answered no JSON: "
                    + e.getMessage(), e);
        }
        String err = answer.path("Err").asText("");
        if (!err.isEmpty()) {
            throw new PluginError(method, 200, err, null);
        }
        return answer;
    }

    /** An answer of a method the plugin does not have (404) is not an error for optional methods. */
    JsonNode callOptional(String method, ObjectNode request) {
        try {
            return call(method, request);
        } catch (PluginError e) {
            if (e.status == 404) {
                return MissingNode.getInstance();
            }
            throw e;
        }
    }

    /** A plugin refused a call: {@code METHOD: ERR}. */
    static final class PluginError extends EngineException {
        private static final long serialVersionUID = 1L;
        private final int status;

        PluginError(String method, int status, String message, Throwable cause) {
            super(io.wharf.api.errors.ErrorKind.SYSTEM, method + ": " + message, cause);
            this.status = status;
        }
    }
}
