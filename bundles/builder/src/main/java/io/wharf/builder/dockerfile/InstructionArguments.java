package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits instruction arguments into the shapes instructions need (key/value pairs, whitespace-separated words). */
final class InstructionArguments {
    /** moby's {@code reWhitespace}: no newline, which a joined line cannot hold anyway. */
    static final Pattern WHITESPACE = Pattern.compile("[\t\u000b\f\r ]+");

    private InstructionArguments() {
    }

    /**
     * {@code ENV} and {@code LABEL} args alternate key and value; {@code ARG} args are {@code name[=default]} words.
     * Keys and values are as written (quotes kept): each still goes through {@link Substitution#expand}.
     */
    static List<Instruction.KeyValue> keyValues(Instruction instruction) {
        List<String> args = instruction.args();
        List<Instruction.KeyValue> pairs = new ArrayList<>();
        if (instruction.keyword().equals("ARG")) {
            for (String word : args) {
                int equals = word.indexOf('=');
                pairs.add(equals < 0 ? new Instruction.KeyValue(word, null, false)
                        : new Instruction.KeyValue(word.substring(0, equals), word.substring(equals + 1), true));
            }
            return pairs;
        }
        if (!instruction.keyword().equals("ENV") && !instruction.keyword().equals("LABEL")) {
            throw new IllegalStateException(instruction.keyword() + " has no key/value arguments");
        }
        for (int i = 0; i + 1 < args.size(); i += 2) {
            pairs.add(new Instruction.KeyValue(args.get(i), args.get(i + 1), true));
        }
        return pairs;
    }

    /**
     * The whitespace-separated words of a shell-form line, as moby splits {@code FROM}, {@code EXPOSE}, {@code COPY},
     * {@code ADD} and {@code VOLUME} (quotes do not protect spaces here: Docker splits first and substitutes each
     * word alone), or the JSON array's elements.
     */
    static List<String> words(Instruction instruction) {
        if (instruction.jsonForm() || instruction.args().isEmpty()) {
            return instruction.args();
        }
        return splitOnWhitespace(instruction.args().get(0));
    }

    static List<String> splitOnWhitespace(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(WHITESPACE.split(trimmed, -1));
    }

    /**
     * moby's {@code parseWords}: words split on unquoted whitespace, quotes and escapes kept as written (they are
     * removed when the word is substituted).
     */
    static List<String> quotedWords(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        int pos = 0;
        while (pos < rest.length()) {
            int ch = rest.codePointAt(pos);
            pos += Character.charCount(ch);
            if (!inWord && quote == 0) {
                if (GoText.isSpace(ch)) {
                    continue;
                }
                inWord = true;
            }
            if (quote == 0) {
                if (GoText.isSpace(ch)) {
                    inWord = false;
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
                } else if (ch == escape) {
                    if (pos == rest.length()) {
                        continue; // an escape at the end of the line is dropped
                    }
                    word.appendCodePoint(ch);
                    ch = rest.codePointAt(pos);
                    pos += Character.charCount(ch);
                }
                word.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) {
                quote = 0;
            } else if (ch == escape && quote != '\'') {
                if (pos == rest.length()) {
                    quote = 0;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = rest.codePointAt(pos);
                pos += Character.charCount(ch);
            }
            word.appendCodePoint(ch);
        }
        if ((inWord || quote != 0) && (blankOk || !word.isEmpty())) {
            words.add(word.toString());
        }
        return words;
    }
}
