package io.wharf.imagestore.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.model.ContainerConfig;
import java.util.List;
import java.util.Map;

/**
 * GET /images/{name}/json in the shape of API 1.50; {@code Container} and {@code ContainerConfig} (the container a
 * commit came from, as the image config records it) only for API versions before 1.45, as moby does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageInspect(@JsonProperty("Id") String id,
                           @JsonProperty("RepoTags") List<String> repoTags,
                           @JsonProperty("RepoDigests") List<String> repoDigests,
                           @JsonProperty("Parent") String parent,
                           @JsonProperty("Comment") String comment,
                           @JsonProperty("Created") String created,
                           @JsonProperty("Container") String container,
                           @JsonProperty("ContainerConfig") JsonNode containerConfig,
                           @JsonProperty("DockerVersion") String dockerVersion,
                           @JsonProperty("Author") String author,
                           @JsonProperty("Config") ContainerConfig config,
                           @JsonProperty("Architecture") String architecture,
                           @JsonProperty("Variant") String variant,
                           @JsonProperty("Os") String os,
                           @JsonProperty("Size") long size,
                           @JsonProperty("VirtualSize") Long virtualSize,
                           @JsonProperty("GraphDriver") GraphDriver graphDriver,
                           @JsonProperty("RootFS") RootFs rootFs,
                           @JsonProperty("Metadata") Metadata metadata) {

    public record GraphDriver(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {
    }

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {
    }

    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {
    }
}
