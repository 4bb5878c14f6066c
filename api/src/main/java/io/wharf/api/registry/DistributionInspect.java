package io.wharf.api.registry;

import io.wharf.api.model.Platform;
import java.util.List;

/** What a remote reference resolves to: its manifest's descriptor and the platforms it offers. */
public record DistributionInspect(Descriptor descriptor, List<Platform> platforms) {

    /** An OCI descriptor of the manifest or index the reference resolves to. */
    public record Descriptor(String mediaType, String digest, long size) {
    }
}
