package io.wharf.support;

import io.wharf.api.errors.EngineException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Go's time formats as the Docker API uses them, Docker's since/until values, and a fast parser for the
 * timestamps of log files.
 */
public final class Times {
    /** Go's zero time.Time, which Docker sends for "never". */
    public static final String ZERO = "0001-01-01T00:00:00Z";
    private static final java.util.regex.Pattern UNIX_SECONDS = java.util.regex.Pattern.compile("-?\\d+(\\.\\d{1,9})?");

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

    /** Docker's RFC3339NanoFixed (always nine fraction digits), used for log timestamps. */
    public static String rfc3339NanoFixed(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        String base = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofEpochSecond(seconds, 0,
                ZoneOffset.UTC));
        return base + "." + String.format("%09d", nanos) + "Z";
    }

    /** An RFC3339 timestamp with any zone and fraction; null when absent, Go's zero time ("never") or malformed. */
    public static Instant parseRfc3339(String text) {
        return text == null || text.startsWith("0001-01-01") ? null : parseRfc3339KeepingZero(text);
    }

    /**
     * As {@link #parseRfc3339}, but Go's zero time is a date like any other: an image created at it lists as
     * -62135596800, as Docker lists it. Null when absent or malformed.
     */
    public static Instant parseRfc3339KeepingZero(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant common = parseCommonForm(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The form Wharf writes and Go prints, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)}, read without a
     * DateTimeFormatter (a container list reads two per container: the formatter was a fifth of its time). Null
     * for anything else, which {@link OffsetDateTime#parse} then decides.
     */
    private static Instant parseCommonForm(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int first = ++i;
            for (int scale = 100_000_000; i < n && i - first < 9 && isDigit(t.charAt(i)); scale /= 10, i++) {
                nanos += (t.charAt(i) - '0') * scale;
            }
            if (i == first) {
                return null;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int hours = digits(t, i + 1, 2);
            int minutes = digits(t, i + 4, 2);
            if ((hours | minutes) < 0 || minutes > 59) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try { // checks the ranges (31 February, hour 24, an offset over 18 hours) as the formatter does
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String t, int off, int n) {
        int v = 0;
        for (int i = off; i < off + n; i++) {
            if (!isDigit(t.charAt(i))) {
                return -1;
            }
            v = v * 10 + t.charAt(i) - '0';
        }
        return v;
    }

    /** Unix seconds of an RFC 3339 timestamp, Go's zero time included; 0 when absent or malformed. */
    public static long unixSeconds(String rfc3339) {
        Instant t = parseRfc3339KeepingZero(rfc3339);
        return t == null ? 0 : t.getEpochSecond();
    }

    /** Nanoseconds since the epoch, as Docker compares times. */
    public static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Parses an RFC3339 timestamp with optional fraction and a Z or ±hh:mm zone from bytes, without allocating;
     * {@link Long#MIN_VALUE} when the bytes are not one. Log files hold millions of these.
     */
    public static long parseEpochNanos(byte[] b, int off, int len) {
        if (len < 20 || b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != 'T' || b[off + 13] != ':'
                || b[off + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, off, 4);
        int month = digits(b, off + 5, 2);
        int day = digits(b, off + 8, 2);
        int hour = digits(b, off + 11, 2);
        int minute = digits(b, off + 14, 2);
        int second = digits(b, off + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Long.MIN_VALUE;
        }
        int i = off + 19;
        int end = off + len;
        long nanos = 0;
        if (i < end && b[i] == '.') {
            i++;
            int scale = 100_000_000;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                nanos += (long) (b[i] - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        long offsetSeconds = 0;
        if (i < end && b[i] == 'Z') {
            i++;
        } else if (i + 6 <= end && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if ((oh | om) < 0) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (b[i] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
            i += 6;
        } else {
            return Long.MIN_VALUE;
        }
        if (i != end) {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(year, month, day);
        long epochSeconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSeconds * 1_000_000_000L + nanos;
    }

    private static int digits(byte[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /**
     * A timestamp in a since/until value or filter as Docker reads it (pkg/timestamp): a Go duration before now
     * ({@code 10m}; negative ones lie ahead), unix seconds with an optional fraction ({@code 1700000000.5}), RFC 3339
     * with or without zone and fraction, or a date; times without a zone are UTC. Anything else, blank included, is
     * the client's mistake, in Docker's words.
     */
    public static Instant parseTimestamp(String value, Instant now) {
        Instant t = timestampOrNull(value, now);
        if (t == null) {
            throw EngineException.invalid("failed to parse value as time or duration: \"%s\"",
                    value == null ? "" : value);
        }
        return t;
    }

    /**
     * {@link #parseTimestamp} in epoch nanoseconds for the since/until of container logs, where the value may come
     * padded; its error says "invalid value for time".
     */
    public static long parseSinceUntil(String value, Instant now) {
        Instant t = value == null ? null : timestampOrNull(value.trim(), now);
        if (t == null) {
            throw EngineException.invalid("invalid value for time: %s", value);
        }
        return epochNanos(t);
    }

    private static Instant timestampOrNull(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Long ago = GoDuration.parseOrNull(value);
        if (ago != null) {
            return now.minusNanos(ago);
        }
        if (UNIX_SECONDS.matcher(value).matches()) {
            BigDecimal seconds = new BigDecimal(value);
            long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithZone) {
            // the zone-less forms next
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDateTime) {
            // a date alone, perhaps
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /** {@link #parseSinceUntil} for an optional query parameter: 0, meaning no bound, when null or empty. */
    public static long parseOptionalSinceUntil(String value, Instant now) {
        return value == null || value.isEmpty() ? 0 : parseSinceUntil(value, now);
    }
}
