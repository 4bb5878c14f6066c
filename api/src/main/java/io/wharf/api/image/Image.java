package io.wharf.api.image;

import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import java.time.Instant;
import java.util.List;

/**
 * An image as the store knows it.
 *
 * @param id           sha256 of {@code rawConfig}
 * @param rawConfig    the configuration's exact bytes
 * @param config       the parsed configuration
 * @param repoTags     familiar {@code name:tag} strings, sorted
 * @param repoDigests  familiar {@code name@digest} strings, sorted
 * @param parent       the parent image (images made locally by commit/build), or null
 * @param size         bytes of all layers' content
 * @param lastTagTime  when a tag was last added, or null
 */
public record Image(Digest id, byte[] rawConfig, ImageConfig config, List<String> repoTags, List<String> repoDigests,
                    Digest parent, long size, Instant lastTagTime) {

    /** The chain IDs of the image's layers, bottom first (OCI image-spec: chainID = sha256(parent + " " + diffID)). */
    public List<Digest> chainIds() {
        return LayerChain.chainIds(config.diffIds());
    }

    public Digest topChainId() {
        List<Digest> chain = chainIds();
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }
}
