package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name=value} flags in front of an instruction's arguments, as moby's {@code extractBuilderFlags} reads
 * them (quotes removed, {@code \} escapes) and {@code BFlags.Parse} checks them against what the instruction takes.
 */
final class BuilderFlags {
    /** Where the flags end: the rest of the line. */
    record Split(List<String> flags, String rest) {
    }

    /** What an instruction takes: string flags need a value, boolean flags may have none ({@code --link}). */
    record Allowed(List<String> strings, List<String> booleans) {
        static final Allowed NONE = new Allowed(List.of(), List.of());
    }

    private BuilderFlags() {
    }

    static Split extract(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        boolean inQuote = false;
        for (int pos = 0; pos <= line.length(); pos++) {
            boolean end = pos == line.length();
            char ch = end ? 0 : line.charAt(pos);
            if (!inWord && !inQuote) {
                if (end) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') {
                    return new Split(words, line.substring(pos));
                }
                inWord = true;
            }
            if (end) {
                if (!word.toString().equals("--") && (blankOk || !word.isEmpty())) {
                    words.add(word.toString());
                }
                break;
            }
            if (inQuote) {
                if (ch == quote) {
                    inQuote = false;
                    inWord = true;
                    continue;
                }
                if (ch == '\\') {
                    if (pos + 1 == line.length()) {
                        inQuote = false;
                        inWord = true;
                        continue;
                    }
                    ch = line.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            if (GoText.isSpace(ch)) {
                inWord = false;
                if (word.toString().equals("--")) {
                    return new Split(words, line.substring(pos));
                }
                if (blankOk || !word.isEmpty()) {
                    words.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
                inQuote = true;
                inWord = false;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == line.length()) {
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return new Split(words, "");
    }

    /**
     * The flags by name (without {@code --}); a boolean flag holds {@code "true"} or {@code "false"}.
     *
     * @throws IllegalArgumentException with the classic builder's text ({@code Unknown flag: mount}, ...)
     */
    static Map<String, String> check(List<String> flags, Allowed allowed) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String flag : flags) {
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("arg should start with -- : " + flag);
            }
            if (flag.equals("--")) {
                break;
            }
            String name = flag.substring(2);
            int equals = name.indexOf('=');
            String value = equals >= 0 ? name.substring(equals + 1) : "";
            if (equals >= 0) {
                name = name.substring(0, equals);
            }
            boolean isString = allowed.strings().contains(name);
            if (!isString && !allowed.booleans().contains(name)) {
                throw new IllegalArgumentException("Unknown flag: " + name);
            }
            if (parsed.containsKey(name)) {
                throw new IllegalArgumentException("Duplicate flag specified: " + name);
            }
            if (isString) {
                if (equals < 0) {
                    throw new IllegalArgumentException("Missing a value on flag: " + name);
                }
                parsed.put(name, value);
                continue;
            }
            if (equals >= 0 && value.isEmpty()) {
                throw new IllegalArgumentException("Missing a value on flag: " + name);
            }
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.isEmpty() && !lower.equals("true") && !lower.equals("false")) {
                throw new IllegalArgumentException("Expecting boolean value for flag " + name + ", not: " + value);
            }
            parsed.put(name, lower.equals("false") ? "false" : "true");
        }
        return parsed;
    }
}
