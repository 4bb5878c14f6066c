package io.wharf.containers.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.containers.model.HostConfig;
import io.wharf.support.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Query values and JSON bodies parsed the way dockerd refuses them: a 400 naming what was wrong. */
final class Requests {
    private Requests() {
    }

    static int integer(String value, String name, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid value for %s: %s", name, value);
        }
    }

    /** An integer that may be absent (null), such as a stop timeout left to the container's default. */
    static Integer optionalInteger(String value, String name) {
        return value == null || value.isEmpty() ? null : integer(value, name, 0);
    }

    /** A body that must be a JSON object. */
    static JsonNode object(byte[] body) {
        try {
            JsonNode tree = body == null || body.length == 0 ? null : Json.MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw EngineException.invalid("invalid JSON: expected an object");
            }
            return tree;
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getMessage());
        }
    }

    /** The body of POST /containers/{id}/update: the changes, and which keys it set (absent ones stay). */
    record HostConfigChanges(HostConfig changes, Set<String> fields) {
    }

    static HostConfigChanges hostConfigChanges(byte[] body) {
        JsonNode tree = body == null || body.length == 0 ? Json.MAPPER.createObjectNode() : object(body);
        Set<String> fields = new HashSet<>();
        tree.fieldNames().forEachRemaining(fields::add);
        return new HostConfigChanges(as(tree, HostConfig.class), fields);
    }

    /** A body that must be a JSON object, as {@code type}. */
    static <T> T body(byte[] body, Class<T> type) {
        return as(object(body), type);
    }

    private static <T> T as(JsonNode tree, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getMessage());
        }
    }
}
