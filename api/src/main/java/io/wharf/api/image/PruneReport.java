package io.wharf.api.image;

import java.util.List;

/** The outcome of an image prune: what was untagged or deleted, and the bytes freed. */
public record PruneReport(List<DeleteResponse> imagesDeleted, long spaceReclaimed) {
}
