package io.wharf.engine;

import io.wharf.api.errors.EngineException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code since} and {@code until} of docker events: unix seconds with an optional fraction (what the CLI
 * sends), RFC 3339 with or without zone or fraction, a date, or a Go duration meaning that long before now.
 */
public final class EventTimes {
    private static final Pattern UNIX = Pattern.compile("-?\\d+(\\.\\d{1,9})?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private EventTimes() {
    }

    /** The instant, or null for an absent value. */
    public static Instant parse(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Duration ago = goDuration(value);
        if (ago != null) {
            return now.minus(ago);
        }
        if (UNIX.matcher(value).matches()) {
            BigDecimal seconds = new BigDecimal(value);
            long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the zone-less forms next
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // a date alone, perhaps
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            throw EngineException.invalid("failed to parse value as time or duration: \"%s\"", value);
        }
    }

    /** Nanoseconds since the epoch, as events carry their time. */
    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Go's time.ParseDuration; null when the text is not a duration. "0" is a timestamp, as Docker has it. */
    static Duration goDuration(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(s);
        int position = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (position < s.length()) {
            if (!m.find(position) || m.start() != position) {
                return null;
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            position = m.end();
        }
        long n = nanos.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }
}
