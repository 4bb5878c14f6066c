package io.wharf.imagestore;

import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One stored image: its configuration's exact bytes and parsed form, its parent and when it was last tagged. */
record ImageRecord(Digest id, byte[] raw, ImageConfig config, Digest parent, Instant lastTagTime) {

    /** The chain ID of the image's top layer, or null when it has no layers. */
    Digest topLayer() {
        List<Digest> chain = LayerChain.chainIds(config.diffIds());
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }

    /** The image's labels (never null). */
    Map<String, String> labels() {
        return config.config() == null || config.config().labels() == null ? Map.of() : config.config().labels();
    }

    ImageRecord taggedAt(Instant time) {
        return new ImageRecord(id, raw, config, parent, time);
    }
}
