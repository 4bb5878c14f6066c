package io.wharf.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.model.Platform;
import io.wharf.api.registry.DistributionInspect;
import java.util.List;

/** The answer of GET /distribution/{name}/json (moby's registry.DistributionInspect). */
public record DistributionInspectResponse(@JsonProperty("Descriptor") Descriptor descriptor,
                                          @JsonProperty("Platforms") List<Platform> platforms) {

    /** The OCI descriptor of the manifest or index the reference resolves to, in OCI's lower-case names. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
                             @JsonProperty("size") long size) {
    }

    static DistributionInspectResponse from(DistributionInspect inspect) {
        DistributionInspect.Descriptor d = inspect.descriptor();
        return new DistributionInspectResponse(
                d == null ? null : new Descriptor(d.mediaType(), d.digest(), d.size()), inspect.platforms());
    }
}
