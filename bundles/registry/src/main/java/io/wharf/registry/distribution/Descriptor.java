package io.wharf.registry.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.model.Digest;
import io.wharf.api.model.Platform;
import java.util.ArrayList;
import java.util.List;

/** An OCI content descriptor as manifests and indexes list them. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform) {

    static Descriptor of(JsonNode node) {
        JsonNode p = node.path("platform");
        Platform platform = p.isObject() ? new Platform(p.path("os").asText(null),
                p.path("architecture").asText(null), p.path("variant").asText(null)) : null;
        return new Descriptor(node.path("mediaType").asText(null), Digest.parse(node.path("digest").asText()),
                node.path("size").asLong(-1), platform);
    }

    static List<Descriptor> listOf(JsonNode array) {
        List<Descriptor> result = new ArrayList<>();
        array.forEach(n -> result.add(of(n)));
        return result;
    }

    public String shortId() {
        return digest.shortHex();
    }
}
