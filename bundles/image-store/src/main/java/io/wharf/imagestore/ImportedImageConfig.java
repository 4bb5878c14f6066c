package io.wharf.imagestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.ImageConfig;
import java.util.List;

/**
 * The configuration docker import writes for a new image, keys in the order dockerd writes them: the image ID is
 * the sha256 of these bytes, so their shape is fixed here rather than taken from {@link ImageConfig}, whose order
 * is the reader's. comment and variant are left out when not set.
 */
@JsonPropertyOrder({"architecture", "comment", "config", "created", "history", "os", "rootfs", "variant"})
record ImportedImageConfig(@JsonProperty("architecture") String architecture,
                           @JsonProperty("comment") @JsonInclude(JsonInclude.Include.NON_EMPTY) String comment,
                           @JsonProperty("config") ContainerConfig config,
                           @JsonProperty("created") String created,
                           @JsonProperty("history") List<ImageConfig.History> history,
                           @JsonProperty("os") String os,
                           @JsonProperty("rootfs") ImageConfig.RootFs rootfs,
                           @JsonProperty("variant") @JsonInclude(JsonInclude.Include.NON_EMPTY) String variant) {
}
