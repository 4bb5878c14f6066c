package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's time formats as Docker writes and reads them for images. Printing is shared with the other bundles; reading
 * differs on purpose: an image's zero creation time is a real date here (Docker lists it as -62135596800), and the
 * since/until filters of images follow pkg/timestamp with its error message.
 */
public final class Times {
    /** Go's zero time as RFC 3339, what Docker prints for "never". */
    public static final String ZERO = io.wharf.support.Times.ZERO;
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

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

    /** Parses a Go duration such as {@code 1h30m}, {@code 10s}, {@code 1.5h}; null if it is not one. */
    public static java.time.Duration parseGoDuration(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        Matcher m = DURATION_PART.matcher(s);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            BigDecimal value = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(value.multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        if (pos == 0) {
            return null;
        }
        long n = nanos.longValue();
        return java.time.Duration.ofNanos(negative ? -n : n);
    }

    /**
     * Parses a timestamp filter value as Docker does (pkg/timestamp): a Go duration relative to now, unix
     * seconds with optional fraction, RFC 3339 (with or without zone, fraction), or a date.
     */
    public static Instant parseTimestamp(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            throw EngineException.invalid("invalid timestamp: empty");
        }
        java.time.Duration d = parseGoDuration(value);
        if (d != null) {
            return now.minus(d);
        }
        if (value.matches("\\d+(\\.\\d{1,9})?")) {
            BigDecimal secs = new BigDecimal(value);
            long s = secs.longValue();
            int n = secs.subtract(BigDecimal.valueOf(s)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(s, n);
        }
        Instant t = parseRfc3339(value);
        if (t != null) {
            return t;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next
        }
        throw EngineException.invalid("failed to parse value as time or duration: \"%s\"", value);
    }
}
