package io.wharf.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration strings ({@code 1h30m}, {@code 500ms}, {@code 2.5s}), as the API takes them in filters. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** Nanoseconds, or null when {@code text} is not a duration. */
    public static Long parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String rest = negative || text.startsWith("+") ? text.substring(1) : text;
        Matcher m = PART.matcher(rest);
        int pos = 0;
        double total = 0;
        while (pos < rest.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            double value = Double.parseDouble(m.group(1));
            total += value * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        if (pos == 0) {
            return null;
        }
        return (long) (negative ? -total : total);
    }
}
