package io.wharf.api.build;

import java.util.List;

/** What POST /build/prune removed: the IDs of the cache records and the bytes that freed. */
public record BuildCachePruneReport(List<String> cachesDeleted, long spaceReclaimed) {
}
