package io.wharf.api.image;

import java.util.List;

/** One row of an image's history, newest first; {@code tags} may be null. */
public record HistoryItem(String id, long created, String createdBy, List<String> tags, long size, String comment) {
}
