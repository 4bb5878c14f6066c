package io.wharf.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An image configuration (OCI image-spec {@code config.json}, which Docker's is a superset of). The image ID is
 * the sha256 of the exact bytes it was stored with, so stores keep those bytes and use this record to read them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("created") String created,
        @JsonProperty("author") String author,
        @JsonProperty("comment") String comment,
        @JsonProperty("docker_version") String dockerVersion,
        @JsonProperty("config") ContainerConfig config,
        @JsonProperty("rootfs") RootFs rootfs,
        @JsonProperty("history") List<History> history) {

    /** The ordered uncompressed layer digests. */
    public List<Digest> diffIds() {
        if (rootfs == null || rootfs.diffIds() == null) {
            return List.of();
        }
        Digest[] parsed = new Digest[rootfs.diffIds().size()]; // no stream: asked on every inspect
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = Digest.parse(rootfs.diffIds().get(i));
        }
        return List.of(parsed);
    }

    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<String> diffIds) {
        public static RootFs layers(List<Digest> diffIds) {
            return new RootFs("layers", diffIds.stream().map(Digest::toString).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record History(@JsonProperty("created") String created,
                          @JsonProperty("created_by") String createdBy,
                          @JsonProperty("author") String author,
                          @JsonProperty("comment") String comment,
                          @JsonProperty("empty_layer") Boolean emptyLayer) {
        public boolean isEmptyLayer() {
            return Boolean.TRUE.equals(emptyLayer);
        }
    }
}
