package io.wharf.engine.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /system/df} (moby's types.DiskUsage): a section is left out when its object type was
 * not asked for ({@code ?type=}); LayersSize comes with the images.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"LayersSize", "Images", "Containers", "Volumes", "BuildCache"})
public record DiskUsageBody(@JsonProperty("LayersSize") Long layersSize,
                            @JsonProperty("Images") List<ImageRow> images,
                            @JsonProperty("Containers") List<ContainerRow> containers,
                            @JsonProperty("Volumes") List<VolumeRow> volumes,
                            @JsonProperty("BuildCache") List<BuildCacheRow> buildCache) {

    /** A build cache record (moby's types.BuildCache); Parent is the first of Parents, for older clients. */
    @JsonPropertyOrder({"ID", "Parent", "Parents", "Type", "Description", "InUse", "Shared", "Size", "CreatedAt",
            "LastUsedAt", "UsageCount"})
    public record BuildCacheRow(@JsonProperty("ID") String id,
                                @JsonProperty("Parent") @JsonInclude(JsonInclude.Include.NON_EMPTY) String parent,
                                @JsonProperty("Parents") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                                List<String> parents,
                                @JsonProperty("Type") String type,
                                @JsonProperty("Description") String description,
                                @JsonProperty("InUse") boolean inUse,
                                @JsonProperty("Shared") boolean shared,
                                @JsonProperty("Size") long size,
                                @JsonProperty("CreatedAt") String createdAt,
                                @JsonProperty("LastUsedAt") @JsonInclude(JsonInclude.Include.ALWAYS) String lastUsedAt,
                                @JsonProperty("UsageCount") int usageCount) {
    }

    /** An image summary, as docker images lists it, with its shared size and container count. */
    @JsonPropertyOrder({"Id", "ParentId", "RepoTags", "RepoDigests", "Created", "Size", "SharedSize", "Labels",
            "Containers"})
    public record ImageRow(@JsonProperty("Id") String id,
                           @JsonProperty("ParentId") String parentId,
                           @JsonProperty("RepoTags") List<String> repoTags,
                           @JsonProperty("RepoDigests") List<String> repoDigests,
                           @JsonProperty("Created") long created,
                           @JsonProperty("Size") long size,
                           @JsonProperty("SharedSize") long sharedSize,
                           @JsonProperty("Labels") Map<String, String> labels,
                           @JsonProperty("Containers") int containers) {
    }

    /** A container summary with its sizes (Ports stays empty: df does not list them). */
    @JsonPropertyOrder({"Id", "Names", "Image", "ImageID", "Command", "Created", "Ports", "SizeRw", "SizeRootFs",
            "Labels", "State", "Status", "Mounts"})
    public record ContainerRow(@JsonProperty("Id") String id,
                               @JsonProperty("Names") List<String> names,
                               @JsonProperty("Image") String image,
                               @JsonProperty("ImageID") String imageId,
                               @JsonProperty("Command") String command,
                               @JsonProperty("Created") long created,
                               @JsonProperty("Ports") List<Object> ports,
                               @JsonProperty("SizeRw") long sizeRw,
                               @JsonProperty("SizeRootFs") long sizeRootFs,
                               @JsonProperty("Labels") Map<String, String> labels,
                               @JsonProperty("State") String state,
                               @JsonProperty("Status") String status,
                               @JsonProperty("Mounts") List<MountRow> mounts) {
    }

    /** A container's mount; Name only for volumes that have one, Driver only for volumes. */
    @JsonPropertyOrder({"Type", "Name", "Source", "Destination", "Driver", "Mode", "RW", "Propagation"})
    public record MountRow(@JsonProperty("Type") String type,
                           @JsonProperty("Name") @JsonInclude(JsonInclude.Include.NON_EMPTY) String name,
                           @JsonProperty("Source") String source,
                           @JsonProperty("Destination") String destination,
                           @JsonProperty("Driver") @JsonInclude(JsonInclude.Include.NON_NULL) String driver,
                           @JsonProperty("Mode") String mode,
                           @JsonProperty("RW") boolean rw,
                           @JsonProperty("Propagation") String propagation) {
    }

    /** Docker's Volume object with UsageData; CreatedAt is left out when unknown. */
    @JsonPropertyOrder({"CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope", "UsageData"})
    public record VolumeRow(@JsonProperty("CreatedAt") @JsonInclude(JsonInclude.Include.NON_NULL) String createdAt,
                            @JsonProperty("Driver") String driver,
                            @JsonProperty("Labels") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> labels,
                            @JsonProperty("Mountpoint") String mountpoint,
                            @JsonProperty("Name") String name,
                            @JsonProperty("Options") @JsonInclude(JsonInclude.Include.ALWAYS)
                            Map<String, String> options,
                            @JsonProperty("Scope") String scope,
                            @JsonProperty("UsageData") UsageData usageData) {
    }

    /** Size -1: not measured. */
    @JsonPropertyOrder({"Size", "RefCount"})
    public record UsageData(@JsonProperty("Size") long size, @JsonProperty("RefCount") int refCount) {
    }
}
