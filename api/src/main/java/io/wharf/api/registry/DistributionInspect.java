package io.wharf.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.model.Platform;
import java.util.List;

/** The answer of GET /distribution/{name}/json. */
public record DistributionInspect(@JsonProperty("Descriptor") Descriptor descriptor,
                                  @JsonProperty("Platforms") List<Platform> platforms) {

    /** An OCI descriptor of the manifest or index the reference resolves to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
                             @JsonProperty("size") long size) {
    }
}
