package io.wharf.builder.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.Platform;
import io.wharf.support.Json;
import io.wharf.support.Times;
import java.io.IOException;
import java.time.Clock;

/**
 * Stores the image a build step makes: the parent's configuration with the step's runtime config, one more
 * history entry ({@code empty_layer} when the step added no layer) and its layer's diff ID, with the parent
 * recorded so that {@code docker history} walks the build's steps.
 */
final class ImageMaker {
    private final ImageService images;
    private final Clock clock;
    private final String dockerVersion;

    ImageMaker(ImageService images, Clock clock, String dockerVersion) {
        this.images = images;
        this.clock = clock;
        this.dockerVersion = dockerVersion;
    }

    /** @param diffId the step's layer, or null for a metadata step or one that changed nothing */
    Image child(Image parent, ContainerConfig config, String author, String createdBy, Digest diffId)
            throws IOException {
        String created = Times.rfc3339Nano(clock.instant());
        ObjectNode entry = Json.WITHOUT_NULLS.createObjectNode();
        entry.put("created", created);
        if (author != null && !author.isEmpty()) {
            entry.put("author", author);
        }
        entry.put("created_by", createdBy);
        if (diffId == null) {
            entry.put("empty_layer", true);
        }
        return append(parent, config, author, entry, diffId);
    }

    /**
     * The image of a step taken from a {@code --cache-from} image (moby's restoreCachedImage): the parent with the
     * target's history entry {@code index} and the layer it made, and the step's runtime config.
     */
    Image restored(Image parent, ContainerConfig config, Image target, int index) throws IOException {
        JsonNode raw = Json.WITHOUT_NULLS.readTree(target.rawConfig());
        ObjectNode entry = (ObjectNode) raw.get("history").get(index);
        Digest diffId = null;
        if (!entry.path("empty_layer").asBoolean(false)) {
            long layersBefore = target.config().history().subList(0, index).stream()
                    .filter(h -> !h.isEmptyLayer()).count();
            diffId = target.config().diffIds().get((int) layersBefore);
        }
        return append(parent, config, entry.path("author").asText(null), entry, diffId);
    }

    private Image append(Image parent, ContainerConfig config, String author, ObjectNode entry, Digest diffId)
            throws IOException {
        ObjectNode out = parent == null ? scratch() : (ObjectNode) Json.WITHOUT_NULLS.readTree(parent.rawConfig());
        out.remove("container");
        out.remove("container_config");
        out.set("created", entry.get("created"));
        out.put("docker_version", dockerVersion);
        out.remove("author"); // the base's MAINTAINER is not the child's, as in Docker
        if (author != null && !author.isEmpty()) {
            out.put("author", author);
        }
        out.set("config", Json.WITHOUT_NULLS.valueToTree(config));
        ObjectNode rootfs = out.has("rootfs") && out.get("rootfs").isObject() ? (ObjectNode) out.get("rootfs")
                : out.putObject("rootfs");
        rootfs.put("type", "layers");
        JsonNode ids = rootfs.get("diff_ids");
        ArrayNode diffIds = ids != null && ids.isArray() ? (ArrayNode) ids : rootfs.putArray("diff_ids");
        if (diffId != null) {
            diffIds.add(diffId.toString());
        }
        JsonNode h = out.get("history");
        ArrayNode history = h != null && h.isArray() ? (ArrayNode) h : out.putArray("history");
        history.add(entry);
        Digest id = images.storeImage(Json.WITHOUT_NULLS.writeValueAsBytes(out), parent == null ? null : parent.id());
        return images.inspect(id.toString());
    }

    /** An image with no layers and no history: what a step on {@code FROM scratch} runs its container from. */
    Image empty() throws IOException {
        ObjectNode config = scratch();
        config.putObject("config");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        Digest id = images.storeImage(Json.WITHOUT_NULLS.writeValueAsBytes(config), null);
        return images.inspect(id.toString());
    }

    private static ObjectNode scratch() {
        ObjectNode out = Json.WITHOUT_NULLS.createObjectNode();
        Platform host = Platform.host();
        out.put("architecture", host.architecture());
        out.put("os", "linux");
        return out;
    }
}
