package io.wharf.builder.exec;

import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which step images a kept image uses: a tagged (or digest-referenced) image and every image it builds on, through
 * the parent links a build records. A cache record of such an image is {@code shared}: removing it frees nothing.
 */
final class CacheSharing {
    private final Set<String> kept;

    private CacheSharing(Set<String> kept) {
        this.kept = kept;
    }

    static CacheSharing of(List<Image> all) {
        Map<Digest, Digest> parents = new HashMap<>();
        all.forEach(i -> parents.put(i.id(), i.parent()));
        Set<String> kept = new HashSet<>();
        for (Image image : all) {
            if (image.repoTags().isEmpty() && image.repoDigests().isEmpty()) {
                continue;
            }
            for (Digest id = image.id(); id != null && kept.add(id.toString()); id = parents.get(id)) {
                // up the parent chain until an image already marked
            }
        }
        return new CacheSharing(kept);
    }

    boolean shared(String imageId) {
        return kept.contains(imageId);
    }
}
