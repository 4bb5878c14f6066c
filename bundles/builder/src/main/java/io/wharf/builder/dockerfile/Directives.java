package io.wharf.builder.dockerfile;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser directives ({@code # escape=`}, {@code # syntax=...}, {@code # check=...}): only at the very top, each at
 * most once; the first line that is not one ends them. The escape character also sets the line continuation.
 */
final class Directives {
    private static final Pattern DIRECTIVE = Pattern.compile("^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*\\z");
    private static final Set<String> KNOWN = Set.of("escape", "syntax", "check");

    private final Set<String> seen = new HashSet<>();
    private final List<String> warnings;
    private boolean done;
    private char escape = '\\';
    private Pattern continuation = continuationFor('\\');

    Directives(List<String> warnings) {
        this.warnings = warnings;
    }

    char escape() {
        return escape;
    }

    /** Reads a line (newline and leading whitespace trimmed) as a directive while directives may still come. */
    void offer(String line) {
        if (done) {
            return;
        }
        Matcher match = DIRECTIVE.matcher(line);
        String name = match.matches() ? match.group(1).toLowerCase(Locale.ROOT) : null;
        if (name == null || !KNOWN.contains(name)) {
            done = true;
            return;
        }
        if (!seen.add(name)) {
            throw new IllegalArgumentException("only one " + name + " parser directive can be used");
        }
        String value = match.group(2);
        switch (name) {
            case "escape" -> {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw new IllegalArgumentException("invalid escape token '" + value + "' does not match ` or \\");
                }
                escape = value.charAt(0);
                continuation = continuationFor(escape);
            }
            case "syntax" -> warnings.add("[WARNING]: the syntax directive (# syntax=" + value + ") is ignored: "
                    + "this builder has its own Dockerfile frontend");
            default -> {
                // check= configures BuildKit's linter, which this builder does not run
            }
        }
    }

    /**
     * The line without a trailing escape character (and the spaces after it), or null when it has none. An escaped
     * escape character ({@code echo \\}) ends the line, as in BuildKit, unless it stands alone on the line.
     */
    String withoutContinuation(String line) {
        Matcher match = continuation.matcher(line);
        if (!match.find()) {
            return null;
        }
        return line.substring(0, match.start()) + (match.group(1) == null ? "" : match.group(1));
    }

    private static Pattern continuationFor(char escape) {
        String quoted = Pattern.quote(Character.toString(escape));
        String other = escape == '\\' ? "[^\\\\]" : "[^`]";
        return Pattern.compile("(" + other + ")" + quoted + "[ \t]*\\z|^" + quoted + "[ \t]*\\z");
    }
}
