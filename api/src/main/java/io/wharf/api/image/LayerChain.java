package io.wharf.api.image;

import io.wharf.api.model.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Chain IDs as the OCI image spec defines them. */
public final class LayerChain {
    private LayerChain() {
    }

    public static Digest chainId(Digest parentChainId, Digest diffId) {
        if (parentChainId == null) {
            return diffId;
        }
        return Digest.sha256((parentChainId + " " + diffId).getBytes(StandardCharsets.UTF_8));
    }

    public static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> result = new ArrayList<>(diffIds.size());
        Digest parent = null;
        for (Digest diffId : diffIds) {
            parent = chainId(parent, diffId);
            result.add(parent);
        }
        return List.copyOf(result);
    }
}
