package io.wharf.builder.exec;

import io.wharf.api.build.BuildCachePruneOptions;
import io.wharf.api.build.BuildCachePruneReport;
import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * POST /build/prune over the step cache, as BuildKit prunes: records in use never go, shared ones only with
 * {@code all}, only those unused since the {@code until} bound, least recently used first, and with
 * {@code keep-storage} only until what is left fits. The step images that no record and no tag keep are
 * removed from the image store (one with children or containers stays); their layers are the space reclaimed.
 */
final class CachePruner {
    private final BuildCache cache;
    private final ImageService images;

    CachePruner(BuildCache cache, ImageService images) {
        this.cache = cache;
        this.images = images;
    }

    BuildCachePruneReport prune(BuildCachePruneOptions options) throws IOException {
        List<String> keys = select(cache.records(), options);
        long reclaimed = 0;
        for (Map.Entry<String, Long> orphan : cache.remove(keys).entrySet()) {
            if (removeUntagged(orphan.getKey())) {
                reclaimed += orphan.getValue();
            }
        }
        return new BuildCachePruneReport(keys, reclaimed);
    }

    /** The IDs of the records {@code options} select, least recently used first. */
    static List<String> select(List<BuildCacheRecord> records, BuildCachePruneOptions options) {
        List<BuildCacheRecord> candidates = new ArrayList<>();
        for (BuildCacheRecord r : records) {
            if (!r.inUse() && (options.all() || !r.shared()) && options.filter().test(r)
                    && (options.unusedBefore() == null || lastUse(r).isBefore(options.unusedBefore()))) {
                candidates.add(r);
            }
        }
        candidates.sort(Comparator.comparing(CachePruner::lastUse));
        long total = records.stream().mapToLong(BuildCacheRecord::size).sum();
        List<String> selected = new ArrayList<>();
        for (BuildCacheRecord r : candidates) {
            if (options.keepStorage() > 0 && total <= options.keepStorage()) {
                break;
            }
            selected.add(r.id());
            total -= r.size();
        }
        return selected;
    }

    private static Instant lastUse(BuildCacheRecord r) {
        return r.lastUsedAt() != null ? r.lastUsedAt() : r.createdAt();
    }

    /** Removes an image only while it has no tag: removing a tagged one by ID would untag it. */
    private boolean removeUntagged(String id) {
        try {
            Image image = images.inspect(id);
            if (!image.repoTags().isEmpty() || !image.repoDigests().isEmpty()) {
                return false;
            }
            images.remove(id, false, true);
            return true;
        } catch (EngineException keptOrGone) { // a child image, a container, or removed meanwhile
            return false;
        }
    }
}
