package io.wharf.api.image;

import io.wharf.api.model.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chain IDs as the OCI image spec defines them. */
public final class LayerChain {
    /**
     * Chain IDs of recently asked layer lists: every inspect, list and cache hit of a build asks for an image's
     * chain, one SHA-256 per layer each time. A chain depends on its diff IDs only, so a remembered one is never
     * stale; the least recently used go beyond this many lists.
     */
    static final int REMEMBERED = 512;
    private static final Map<List<Digest>, List<Digest>> RECENT = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Digest>, List<Digest>> eldest) {
            return size() > REMEMBERED;
        }
    };

    private LayerChain() {
    }

    public static Digest chainId(Digest parentChainId, Digest diffId) {
        if (parentChainId == null) {
            return diffId;
        }
        return Digest.sha256((parentChainId + " " + diffId).getBytes(StandardCharsets.UTF_8));
    }

    public static List<Digest> chainIds(List<Digest> diffIds) {
        if (diffIds.size() <= 1) {
            return List.copyOf(diffIds); // a single layer's chain ID is its diff ID: nothing to hash
        }
        List<Digest> key = List.copyOf(diffIds);
        synchronized (RECENT) {
            List<Digest> known = RECENT.get(key);
            if (known != null) {
                return known;
            }
        }
        List<Digest> result = new ArrayList<>(key.size());
        Digest parent = null;
        for (Digest diffId : key) {
            parent = chainId(parent, diffId);
            result.add(parent);
        }
        List<Digest> chain = List.copyOf(result);
        synchronized (RECENT) {
            RECENT.put(key, chain);
        }
        return chain;
    }
}
