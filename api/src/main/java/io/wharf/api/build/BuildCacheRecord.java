package io.wharf.api.build;

import java.time.Instant;
import java.util.List;

/**
 * One record of a builder's cache, as {@code docker system df -v} lists it (moby's types.BuildCache).
 *
 * @param id          the record's ID
 * @param parents     IDs of the records it was built on (empty for the first step on a base image)
 * @param type        {@code regular} for a step's result
 * @param description what made it (the step's history text)
 * @param inUse       a running build holds it
 * @param shared      its content is also an image's that the user keeps (tagged), so pruning frees nothing
 * @param size        bytes of the layer the step added (0 for a metadata step)
 * @param createdAt   when the step ran
 * @param lastUsedAt  when a build last took it from the cache (null: never)
 * @param usageCount  how many builds took it from the cache
 */
public record BuildCacheRecord(String id, List<String> parents, String type, String description, boolean inUse,
                               boolean shared, long size, Instant createdAt, Instant lastUsedAt, int usageCount) {
}
