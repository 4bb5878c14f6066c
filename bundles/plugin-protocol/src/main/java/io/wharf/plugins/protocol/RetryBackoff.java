package io.wharf.plugins.protocol;

import java.time.Duration;

/**
 * dockerd's retry of a plugin that cannot be reached: sleeps of 1, 2, 4... seconds (doubling, at most the bound)
 * while the time spent plus the next sleep stays under the bound (30 s). Tests use a smaller unit and bound.
 */
public record RetryBackoff(Duration unit, Duration bound) {
    public static final RetryBackoff DOCKERD = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The sleep before retry number {@code retries + 1}. */
    public Duration delay(int retries) {
        Duration d = unit;
        for (int i = 0; i < retries && d.compareTo(bound) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(bound) > 0 ? bound : d;
    }

    /** Whether to give up rather than sleep {@code next} after {@code elapsed}. */
    public boolean exhausted(Duration elapsed, Duration next) {
        return elapsed.plus(next).compareTo(bound) >= 0;
    }
}
