package io.wharf.containers.logs.drivers;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The Go time layouts the drivers write: RFC 3339 with up to n fraction digits (zeros trimmed), and time.Stamp. */
final class GoTimes {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss",
            Locale.ROOT);
    /** Go's "Jan _2 15:04:05": the day padded with a space. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private GoTimes() {
    }

    /** "2006-01-02T15:04:05.999999999Z07:00" cut to {@code fractionDigits} (0: RFC3339, 6: micro, 9: nano). */
    static String format(long epochNanos, ZoneId zone, int fractionDigits) {
        ZonedDateTime t = at(epochNanos, zone);
        StringBuilder b = new StringBuilder(SECONDS.format(t));
        if (fractionDigits > 0) {
            String nanos = String.format(Locale.ROOT, "%09d", t.getNano()).substring(0, fractionDigits);
            int end = nanos.length();
            while (end > 0 && nanos.charAt(end - 1) == '0') {
                end--;
            }
            if (end > 0) {
                b.append('.').append(nanos, 0, end);
            }
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            return b.append('Z').toString();
        }
        int minutes = Math.abs(offset) / 60;
        return b.append(String.format(Locale.ROOT, "%c%02d:%02d", offset < 0 ? '-' : '+', minutes / 60, minutes % 60))
                .toString();
    }

    static String stamp(long epochNanos, ZoneId zone) {
        return STAMP.format(at(epochNanos, zone));
    }

    private static ZonedDateTime at(long epochNanos, ZoneId zone) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos,
                1_000_000_000L)).atZone(zone);
    }
}
