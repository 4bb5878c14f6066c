package io.wharf.api.log;

/**
 * What {@code docker logs} asks of a driver that reads its own logs back (moby's logger.ReadConfig).
 *
 * @param sinceNanos epoch nanoseconds of the first entry wanted, 0 for no lower bound
 * @param untilNanos epoch nanoseconds after which no entry is wanted, 0 for no upper bound
 * @param tail       entries from the end, negative for all
 * @param follow     keep reading new entries until the container's logging stops
 */
public record LogReadRequest(long sinceNanos, long untilNanos, int tail, boolean follow) {
}
