package io.wharf.builder.exec;

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
}
