package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The word lexer of BuildKit's {@code shell/lex.go}: quote removal, escapes with the Dockerfile's escape character,
 * {@code $VAR} and {@code ${VAR<modifier>word}} expansion, and word splitting on unquoted whitespace. One instance
 * scans one word.
 */
final class ShellLexer {
    private static final int EOF = -1;

    private final String source;
    private final char escape;
    private final Function<String, String> lookup;
    private final boolean rawQuotes;
    private final boolean keepUnset;
    private final Set<String> used;
    private int position;

    /**
     * @param rawQuotes keep quote characters and escapes in the result (the heredoc detection reads words so)
     * @param used      collects the names of the variables the word refers to, or null
     */
    ShellLexer(String source, char escape, Function<String, String> lookup, boolean rawQuotes, Set<String> used) {
        this(source, escape, lookup, rawQuotes, false, used);
    }

    /** @param keepUnset leave {@code $NAME} of an unset variable as written (lex.go's SkipUnsetEnv) */
    ShellLexer(String source, char escape, Function<String, String> lookup, boolean rawQuotes, boolean keepUnset,
               Set<String> used) {
        this.source = source;
        this.escape = escape;
        this.lookup = lookup;
        this.rawQuotes = rawQuotes;
        this.keepUnset = keepUnset;
        this.used = used;
    }

    /** The word with quotes removed and variables expanded, and the same split into fields. */
    record Result(String word, List<String> words) {
    }

    Result process() throws DockerfileSyntaxException {
        return processStopOn(EOF);
    }

    private int peek() {
        return position < source.length() ? source.codePointAt(position) : EOF;
    }

    private int next() {
        if (position >= source.length()) {
            return EOF;
        }
        int ch = source.codePointAt(position);
        position += Character.charCount(ch);
        return ch;
    }

    private Result processStopOn(int stop) throws DockerfileSyntaxException {
        StringBuilder result = new StringBuilder();
        Fields fields = new Fields();
        while (peek() != EOF) {
            int ch = peek();
            if (stop != EOF && ch == stop) {
                next();
                return new Result(result.toString(), fields.finish());
            }
            if (ch == '\'' || ch == '"' || ch == '$') {
                String part = ch == '\'' ? singleQuoted() : ch == '"' ? doubleQuoted() : dollar();
                result.append(part);
                if (ch == '$') {
                    fields.addExpanded(part);
                } else {
                    fields.addQuoted(part);
                }
                continue;
            }
            ch = next();
            if (ch == escape) {
                if (rawQuotes) {
                    fields.addQuoted(Character.toString(ch));
                    result.appendCodePoint(ch);
                }
                ch = next();
                if (ch == EOF) {
                    break; // an escape at the end of the word is dropped
                }
                fields.addQuoted(Character.toString(ch));
            } else {
                fields.addPlain(ch);
            }
            result.appendCodePoint(ch);
        }
        if (stop != EOF) {
            throw new DockerfileSyntaxException("unexpected end of statement while looking for matching "
                    + Character.toString(stop));
        }
        return new Result(result.toString(), fields.finish());
    }

    /** Everything up to the next {@code '} is literal; nothing escapes inside single quotes. */
    private String singleQuoted() throws DockerfileSyntaxException {
        StringBuilder result = new StringBuilder();
        int quote = next();
        if (rawQuotes) {
            result.appendCodePoint(quote);
        }
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw new DockerfileSyntaxException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    /** Literal except {@code $} expansions; the escape character escapes only {@code "}, {@code $} and itself. */
    private String doubleQuoted() throws DockerfileSyntaxException {
        StringBuilder result = new StringBuilder();
        int quote = next();
        if (rawQuotes) {
            result.appendCodePoint(quote);
        }
        while (true) {
            int ch = peek();
            if (ch == EOF) {
                throw new DockerfileSyntaxException("unexpected end of statement while looking for matching double-quote");
            }
            if (ch == '"') {
                next();
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            if (ch == '$') {
                result.append(dollar());
                continue;
            }
            ch = next();
            if (ch == escape) {
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                int following = peek();
                if (following == EOF) {
                    continue;
                }
                if (following == '"' || following == '$' || following == escape) {
                    ch = next();
                }
            }
            result.appendCodePoint(ch);
        }
    }

    private String dollar() throws DockerfileSyntaxException {
        next(); // the $
        if (peek() != '{') {
            String name = name();
            return name.isEmpty() ? "$" : valueOr(name, "$" + name);
        }
        next(); // the {
        int first = peek();
        if (first == EOF) {
            throw new DockerfileSyntaxException("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new DockerfileSyntaxException("syntax error: bad substitution");
        }
        String name = name();
        int ch = next();
        if (ch == '}') {
            return valueOr(name, "${" + name + "}");
        }
        boolean colon = ch == ':';
        int modifier = colon ? next() : ch;
        if (modifier == EOF) {
            throw new DockerfileSyntaxException("syntax error: missing '}'");
        }
        if (modifier != '-' && modifier != '+' && modifier != '?') {
            if (colon) {
                throw new DockerfileSyntaxException("unsupported modifier (" + Character.toString(modifier)
                        + ") in substitution");
            }
            throw new DockerfileSyntaxException(ch == EOF ? "syntax error: missing '}'" : "missing ':' in substitution");
        }
        String word = modifierWord();
        String value = lookup(name);
        // with a colon an empty value counts as unset (POSIX ${VAR:-word}); without, only an unset one
        boolean present = colon ? value != null && !value.isEmpty() : value != null;
        return switch (modifier) {
            case '-' -> present ? value : word;
            case '+' -> present ? word : "";
            default -> {
                if (present) {
                    yield value;
                }
                String reason = colon ? "is not allowed to be empty" : "is not allowed to be unset";
                throw new DockerfileSyntaxException(name + ": " + (word.isEmpty() ? reason : word));
            }
        };
    }

    /** The word after a modifier, up to the closing brace; it may itself hold quotes and expansions. */
    private String modifierWord() throws DockerfileSyntaxException {
        try {
            return processStopOn('}').word();
        } catch (DockerfileSyntaxException e) {
            if (peek() == EOF) {
                throw new DockerfileSyntaxException("syntax error: missing '}'");
            }
            throw e;
        }
    }

    private String valueOr(String name, String asWritten) {
        String value = lookup(name);
        return value != null ? value : keepUnset ? asWritten : "";
    }

    private String lookup(String name) {
        if (used != null) {
            used.add(name);
        }
        return lookup.apply(name);
    }

    /** A variable name: letters, digits and {@code _}; or all leading digits; or one special parameter. */
    private String name() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && GoText.isDigit(ch)) {
                while (peek() != EOF && GoText.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                return Character.toString(next());
            }
            if (!Character.isLetterOrDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    /** Field splitting as lex.go's wordsStruct: only unquoted whitespace, literal or from an expansion, splits. */
    private static final class Fields {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addPlain(int ch) {
            if (GoText.isSpace(ch)) {
                if (inWord && !word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.appendCodePoint(ch);
                inWord = true;
            }
        }

        void addExpanded(String text) {
            text.codePoints().forEach(this::addPlain);
        }

        void addQuoted(String text) {
            word.append(text);
            inWord = true;
        }

        List<String> finish() {
            if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return words;
        }
    }
}
