package io.wharf.api.build;

import java.time.Instant;

/**
 * What POST /build/prune asks to remove.
 *
 * @param all          shared records too (without it only records no kept image uses go)
 * @param keepStorage  stop once the records left take at most this many bytes (0: no such bound)
 * @param unusedBefore only records last used (or made, if never used) before this instant; null: any
 * @param filter       further conditions a record must meet to go (the {@code id}, {@code type}, ... filters)
 */
public record BuildCachePruneOptions(boolean all, long keepStorage, Instant unusedBefore,
                                     java.util.function.Predicate<BuildCacheRecord> filter) {
    /** Everything, as {@code docker builder prune -a} without filters. */
    public static BuildCachePruneOptions everything() {
        return new BuildCachePruneOptions(true, 0, null, r -> true);
    }
}
