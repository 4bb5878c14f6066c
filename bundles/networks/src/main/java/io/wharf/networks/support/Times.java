package io.wharf.networks.support;

import io.wharf.api.errors.EngineException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Go's time formats as the Docker API uses them. */
public final class Times {
    /** Go's zero time.Time, which Docker sends for "never". */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private Times() {
    }

    /** RFC3339Nano as Go prints it: trailing zeros of the fraction dropped, "Z" for UTC; null → the zero time. */
    public static String rfc3339Nano(Instant t) {
        if (t == null) {
            return ZERO;
        }
        String base = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0,
                ZoneOffset.UTC));
        int nanos = t.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String frac = String.format("%09d", nanos);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
            end--;
        }
        return base + "." + frac.substring(0, end) + "Z";
    }

    public static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Docker's since/until filter values: unix seconds with an optional fraction, an RFC3339 date, or a Go
     * duration relative to now ({@code 10m}). Returns epoch nanoseconds.
     */
    public static long parseSinceUntil(String value, Instant now) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw EngineException.invalid("invalid value for time: %s", value);
        }
        if (v.matches("-?\\d+(\\.\\d{1,9})?")) {
            int dot = v.indexOf('.');
            long seconds = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
            long nanos = dot < 0 ? 0 : Long.parseLong((v.substring(dot + 1) + "000000000").substring(0, 9));
            return seconds * 1_000_000_000L + nanos;
        }
        Long duration = GoDuration.parseOrNull(v);
        if (duration != null) {
            return epochNanos(now) - duration;
        }
        try {
            return epochNanos(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return epochNanos(LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException e2) {
                throw EngineException.invalid("invalid value for time: %s", value);
            }
        }
    }
}
