package io.wharf.imagestore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Go's time formats as Docker writes and reads them for images. Printing is shared with the other bundles; reading
 * differs on purpose: an image's zero creation time is a real date here (Docker lists it as -62135596800). The
 * until filters use the shared {@link io.wharf.support.Times#parseTimestamp}.
 */
public final class Times {
    /** Go's zero time as RFC 3339, what Docker prints for "never". */
    public static final String ZERO = io.wharf.support.Times.ZERO;

    private Times() {
    }

    /** RFC3339Nano as Go writes it: UTC, fraction without trailing zeros. */
    public static String rfc3339Nano(Instant t) {
        return io.wharf.support.Times.rfc3339Nano(t);
    }

    /** Parses an RFC 3339 timestamp (any offset, any fraction); null when it cannot. */
    public static Instant parseRfc3339(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static long unixSeconds(String rfc3339) {
        Instant t = parseRfc3339(rfc3339);
        return t == null ? 0 : t.getEpochSecond();
    }
}
