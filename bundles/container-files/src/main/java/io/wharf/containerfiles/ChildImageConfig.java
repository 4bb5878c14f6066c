package io.wharf.containerfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.image.Image;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.Platform;
import io.wharf.support.Json;
import java.io.IOException;
import java.time.Instant;

/**
 * The configuration of an image made by docker commit, as moby's image.NewChildImage writes it: the parent's
 * platform, layers and history, one more layer (unless it is empty) and one more history entry whose
 * {@code created_by} is the container's command, the new runtime config, and the container it came from.
 */
public final class ChildImageConfig {
    private ChildImageConfig() {
    }

    public record Commit(String containerId, String containerImage, ContainerConfig containerConfig,
                         ContainerConfig config, String author, String comment, Digest diffId,
                         String dockerVersion, Instant created) {
    }

    /** The JSON bytes; {@code parent} null for a container of scratch, {@code diffId} null for an empty layer. */
    public static byte[] build(Image parent, Commit commit) throws IOException {
        JsonNode parentConfig = parent == null ? Json.WITHOUT_NULLS.createObjectNode() : Json.WITHOUT_NULLS.readTree(parent.rawConfig());
        String created = PathStat.rfc3339Nano(commit.created());
        ObjectNode out = Json.WITHOUT_NULLS.createObjectNode();
        putIfPresent(out, "comment", commit.comment());
        out.put("created", created);
        out.put("container", commit.containerId());
        ObjectNode containerConfig = Json.WITHOUT_NULLS.valueToTree(commit.containerConfig() == null
                ? ContainerConfig.empty() : commit.containerConfig());
        if (commit.containerImage() != null) {
            containerConfig.put("Image", commit.containerImage());
        }
        out.set("container_config", containerConfig);
        putIfPresent(out, "docker_version", commit.dockerVersion());
        putIfPresent(out, "author", commit.author());
        out.set("config", Json.WITHOUT_NULLS.valueToTree(commit.config()));
        out.put("architecture", text(parentConfig, "architecture", Platform.host().architecture()));
        putIfPresent(out, "variant", text(parentConfig, "variant", null));
        out.put("os", text(parentConfig, "os", "linux"));

        ObjectNode rootfs = out.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        JsonNode parentDiffIds = parentConfig.path("rootfs").path("diff_ids");
        parentDiffIds.forEach(diffIds::add);
        if (commit.diffId() != null) {
            diffIds.add(commit.diffId().toString());
        }

        ArrayNode history = out.putArray("history");
        parentConfig.path("history").forEach(history::add);
        ObjectNode entry = history.addObject();
        entry.put("created", created);
        putIfPresent(entry, "author", commit.author());
        ContainerConfig cc = commit.containerConfig();
        entry.put("created_by", cc == null || cc.cmd() == null ? "" : String.join(" ", cc.cmd()));
        putIfPresent(entry, "comment", commit.comment());
        if (commit.diffId() == null) {
            entry.put("empty_layer", true);
        }
        copyIfPresent(parentConfig, out, "os.version");
        copyIfPresent(parentConfig, out, "os.features");
        return Json.WITHOUT_NULLS.writeValueAsBytes(out);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void copyIfPresent(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? fallback : value.asText();
    }
}
