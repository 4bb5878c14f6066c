package io.wharf.containers.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.support.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The NetworkingConfig of {@code POST /containers/create} (moby's network.NetworkingConfig): the endpoint settings
 * asked for per network, in the order the client named the networks.
 */
public record NetworkingConfig(Map<String, EndpointRecord> endpointsConfig) {
    public static final NetworkingConfig NONE = new NetworkingConfig(Map.of());

    /**
     * Each network's settings are read on their own, so that a mistyped one is named in the 400; a null entry
     * asks for the defaults, and anything but an object for EndpointsConfig is taken as none.
     */
    static NetworkingConfig parse(JsonNode networkingConfig) {
        JsonNode endpoints = networkingConfig == null ? null : networkingConfig.get("EndpointsConfig");
        if (endpoints == null || !endpoints.isObject()) {
            return NONE;
        }
        Map<String, EndpointRecord> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = endpoints.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            try {
                EndpointRecord e = entry.getValue() == null || entry.getValue().isNull() ? new EndpointRecord()
                        : Json.MAPPER.treeToValue(entry.getValue(), EndpointRecord.class);
                result.put(entry.getKey(), e);
            } catch (JsonProcessingException e) {
                throw EngineException.invalid("invalid EndpointsConfig for network %s: %s", entry.getKey(),
                        e.getOriginalMessage());
            }
        }
        return new NetworkingConfig(Collections.unmodifiableMap(result));
    }
}
