package io.wharf.registry.distribution;

import io.wharf.registry.http.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Docker image manifest v2 schema 2, written byte for byte as dockerd does (Go's MarshalIndent, 3 spaces). */
final class SchemaTwo {
    private SchemaTwo() {
    }

    static byte[] manifest(Descriptor config, List<Descriptor> layers) {
        StringBuilder b = new StringBuilder();
        b.append("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"").append(MediaTypes.DOCKER_MANIFEST)
                .append("\",\n   \"config\": ");
        descriptor(b, config, "   ");
        b.append(",\n   \"layers\": [");
        for (int i = 0; i < layers.size(); i++) {
            b.append(i == 0 ? "\n      " : ",\n      ");
            descriptor(b, layers.get(i), "      ");
        }
        b.append(layers.isEmpty() ? "]" : "\n   ]").append("\n}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void descriptor(StringBuilder b, Descriptor d, String indent) {
        b.append("{\n").append(indent).append("   \"mediaType\": \"").append(d.mediaType()).append("\",\n")
                .append(indent).append("   \"size\": ").append(d.size()).append(",\n")
                .append(indent).append("   \"digest\": \"").append(d.digest()).append("\"\n")
                .append(indent).append('}');
    }
}
