package io.wharf.support;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration strings ({@code 1h30m}, {@code 500ms}, {@code 2.5s}, {@code .5h}) as time.ParseDuration reads
 * them, for the API's filters and since/until values. A bare number is not a duration ("0" is a timestamp there).
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");

    private GoDuration() {
    }

    /** Nanoseconds, or null when {@code text} is not a duration. */
    public static Long parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String rest = negative || text.startsWith("+") ? text.substring(1) : text;
        if (rest.isEmpty()) {
            return null;
        }
        Matcher m = PART.matcher(rest);
        int pos = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (pos < rest.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 1_000L; // us, and its two micro signs
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }
}
