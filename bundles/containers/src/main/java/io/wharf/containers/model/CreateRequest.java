package io.wharf.containers.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.support.Json;
import java.io.IOException;

/** The body of POST /containers/create: the container Config with HostConfig and NetworkingConfig beside it. */
public record CreateRequest(ContainerConfigJson config, HostConfig hostConfig, NetworkingConfig networkingConfig) {

    public static CreateRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw EngineException.invalid("config cannot be empty in order to create a container");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw EngineException.invalid("invalid JSON: expected an object");
            }
            ContainerConfigJson config = Json.MAPPER.treeToValue(root, ContainerConfigJson.class);
            JsonNode hc = root.get("HostConfig");
            HostConfig hostConfig = hc == null || hc.isNull() ? new HostConfig()
                    : Json.MAPPER.treeToValue(hc, HostConfig.class);
            return new CreateRequest(config, hostConfig, NetworkingConfig.parse(root.get("NetworkingConfig")));
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getMessage());
        }
    }
}
