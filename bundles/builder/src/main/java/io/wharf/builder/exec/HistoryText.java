package io.wharf.builder.exec;

import io.wharf.api.model.ContainerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code created_by} texts of the classic builder, byte for byte: moby's builder joins the step's command with
 * spaces, and a metadata step's command is the shell, {@code "#(nop) "} and the comment as separate words (hence two
 * spaces), WORKDIR and COPY/ADD put the comment in the same word (one space).
 */
final class HistoryText {
    private HistoryText() {
    }

    static String metadata(List<String> shell, String comment) {
        return String.join(" ", shell) + " #(nop)  " + comment;
    }

    static String sameWord(List<String> shell, String comment) {
        return String.join(" ", shell) + " #(nop) " + comment;
    }

    /** RUN: the command, prefixed with {@code |N k=v ...} when build args are in its environment. */
    static String run(List<String> command, List<String> runArgs) {
        List<String> words = new ArrayList<>();
        if (!runArgs.isEmpty()) {
            words.add("|" + runArgs.size());
            words.addAll(runArgs);
        }
        words.addAll(command);
        return String.join(" ", words);
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    static String goQuoted(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            quoted.add(goQuote(w));
        }
        return "[" + String.join(" ", quoted) + "]";
    }

    /** Go's {@code %v} of a string slice: {@code [a b]}. */
    static String goList(List<String> words) {
        return "[" + String.join(" ", words) + "]";
    }

    static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /**
     * HEALTHCHECK's comment: Go's {@code %q} of dockerd 20.10's {@code *container.HealthConfig}, e.g.
     * {@code &{["CMD-SHELL" "curl x"] "5s" "3s" "0s" '\x02'}} (durations by their String(), retries as a rune).
     */
    static String healthcheck(ContainerConfig.Healthcheck h) {
        return "&{" + goQuoted(h.test() == null ? List.of() : h.test()) + " " + goQuote(goDuration(h.interval()))
                + " " + goQuote(goDuration(h.timeout())) + " " + goQuote(goDuration(h.startPeriod())) + " "
                + goQuoteRune(h.retries() == null ? 0 : h.retries()) + "}";
    }

    /** Go's time.Duration.String() of nanoseconds: {@code 0s}, {@code 1.5ms}, {@code 1m30s}, {@code 1h0m0s}. */
    static String goDuration(Long nanos) {
        long d = nanos == null ? 0 : nanos;
        if (d == 0) {
            return "0s";
        }
        String sign = d < 0 ? "-" : "";
        long u = Math.abs(d);
        if (u < 1_000L) {
            return sign + u + "ns";
        }
        if (u < 1_000_000L) {
            return sign + decimal(u, 1_000L) + "\u00b5s";
        }
        if (u < 1_000_000_000L) {
            return sign + decimal(u, 1_000_000L) + "ms";
        }
        long seconds = u / 1_000_000_000L;
        String secondsPart = decimal(u % 60_000_000_000L, 1_000_000_000L) + "s";
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + secondsPart;
        }
        return minutes > 0 ? sign + minutes + "m" + secondsPart : sign + secondsPart;
    }

    private static String decimal(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + (Long.toString(unit).length() - 1) + "d", fraction)
                .replaceAll("0+$", "");
        return whole + "." + digits;
    }

    /** Go's {@code %q} of an integer: a quoted rune literal, control characters escaped. */
    static String goQuoteRune(int r) {
        String body = switch (r) {
            case 7 -> "\\a";
            case 8 -> "\\b";
            case 9 -> "\\t";
            case 10 -> "\\n";
            case 11 -> "\\v";
            case 12 -> "\\f";
            case 13 -> "\\r";
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            default -> r >= 0x20 && r < 0x7f ? String.valueOf((char) r)
                    : r < 0x80 ? String.format("\\x%02x", r) : new String(Character.toChars(r));
        };
        return "'" + body + "'";
    }
}
