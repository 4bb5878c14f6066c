package io.wharf.containers.logs;

import io.wharf.api.errors.EngineException;

/**
 * The query of GET /containers/{id}/logs (and attach's logs=1).
 *
 * @param sinceNanos epoch nanoseconds, 0 for no lower bound
 * @param untilNanos epoch nanoseconds, 0 for no upper bound
 * @param tail       lines from the end, negative for all
 */
public record LogOptions(boolean stdout, boolean stderr, boolean follow, boolean timestamps, long sinceNanos,
                         long untilNanos, int tail) {

    public static int parseTail(String tail) {
        if (tail == null || tail.isEmpty() || tail.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(tail.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid value for \"tail\": %s", tail);
        }
    }
}
