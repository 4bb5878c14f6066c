package io.wharf.volumes.service;

import java.util.List;

/** What a prune removed: the volumes' names and the bytes their data held. */
public record PruneReport(List<String> volumesDeleted, long spaceReclaimed) {
}
