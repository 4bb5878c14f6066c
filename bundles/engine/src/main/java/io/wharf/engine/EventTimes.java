package io.wharf.engine;

import io.wharf.support.Times;
import java.time.Instant;

/**
 * The {@code since} and {@code until} of docker events: Docker's timestamps ({@link Times#parseTimestamp}), where
 * an absent value means no bound.
 */
public final class EventTimes {
    private EventTimes() {
    }

    /** The instant, or null for an absent value. */
    public static Instant parse(String value, Instant now) {
        return value == null || value.isEmpty() ? null : Times.parseTimestamp(value, now);
    }

    /** Nanoseconds since the epoch, as events carry their time. */
    public static long nanos(Instant t) {
        return Times.epochNanos(t);
    }
}
