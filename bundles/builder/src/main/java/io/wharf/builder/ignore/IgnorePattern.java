package io.wharf.builder.ignore;

import java.util.regex.Pattern;

/**
 * One {@code .dockerignore} pattern as moby's patternmatcher compiles it: an exact name, a prefix ({@code foo**}), a
 * suffix ({@code **}{@code /foo}) or a regular expression where {@code *} and {@code ?} stay within one path element,
 * {@code **} spans any number of elements, {@code [...]} is a character class and {@code \} escapes.
 */
final class IgnorePattern {
    enum MatchType { EXACT, PREFIX, SUFFIX, REGEX }

    private final boolean exclusion;
    private final String cleaned;
    private final MatchType type;
    private final Pattern regex;

    /**
     * @param text a pattern after {@link DockerIgnore}'s cleaning, {@code !} included
     * @throws IllegalArgumentException with Docker's text for a malformed pattern
     */
    IgnorePattern(String text) {
        String pattern = GoPaths.clean(text.strip());
        exclusion = pattern.startsWith("!");
        if (exclusion) {
            if (pattern.length() == 1) {
                throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
            }
            pattern = pattern.substring(1);
        }
        cleaned = pattern;
        Compiler compiler = new Compiler(pattern);
        compiler.run();
        type = compiler.type;
        regex = type == MatchType.REGEX ? Pattern.compile(compiler.regex.append('$').toString(), Pattern.DOTALL)
                : null;
    }

    boolean exclusion() {
        return exclusion;
    }

    /** The pattern without its {@code !}, as patternmatcher's {@code String()}. */
    String cleaned() {
        return cleaned;
    }

    boolean matches(String path) {
        return switch (type) {
            case EXACT -> path.equals(cleaned);
            case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
            case SUFFIX -> {
                String suffix = cleaned.substring(2);
                yield path.endsWith(suffix) || suffix.startsWith("/") && path.equals(suffix.substring(1));
            }
            case REGEX -> regex.matcher(path).matches();
        };
    }

    /** patternmatcher's {@code compile}, emitting Java regex with every literal escaped. */
    private static final class Compiler {
        private final int[] pattern;
        private final StringBuilder regex = new StringBuilder("^");
        private MatchType type = MatchType.EXACT;
        private int position;

        Compiler(String pattern) {
            this.pattern = pattern.codePoints().toArray();
        }

        private int peek() {
            return position < pattern.length ? pattern[position] : -1;
        }

        void run() {
            for (int i = 0; position < pattern.length; i++) {
                int ch = pattern[position++];
                if (ch == '*' && peek() == '*') {
                    doubleStar(i == 0);
                } else if (ch == '*') {
                    regex.append("[^/]*");
                    type = MatchType.REGEX;
                } else if (ch == '?') {
                    regex.append("[^/]");
                    type = MatchType.REGEX;
                } else if (ch == '\\') {
                    if (peek() < 0) {
                        throw badPattern(); // Go's filepath.Match refuses a trailing backslash
                    }
                    literal(pattern[position++]);
                    type = MatchType.REGEX;
                } else if (ch == '[') {
                    characterClass();
                    type = MatchType.REGEX;
                } else if (ch == ']') {
                    literal(ch); // a stray ] is literal, but Docker then matches by regex
                    type = MatchType.REGEX;
                } else {
                    literal(ch);
                }
            }
        }

        private void doubleStar(boolean atStart) {
            position++;
            if (peek() == '/') {
                position++; // **/ is the same as **
            }
            if (peek() < 0) {
                if (type == MatchType.EXACT) {
                    type = MatchType.PREFIX;
                } else {
                    regex.append(".*");
                    type = MatchType.REGEX;
                }
            } else {
                regex.append("(.*/)?");
                type = MatchType.REGEX;
            }
            if (atStart) {
                type = MatchType.SUFFIX;
            }
        }

        /** {@code [abc]}, {@code [^a-z]}, {@code [\]]}: checked as Go's filepath.Match checks it. */
        private void characterClass() {
            regex.append('[');
            if (peek() == '^') {
                position++;
                regex.append('^');
            }
            int items = 0;
            while (true) {
                if (peek() == ']' && items > 0) {
                    position++;
                    regex.append(']');
                    return;
                }
                int low = classChar();
                regex.append(escaped(low));
                if (peek() == '-') {
                    position++;
                    int high = classChar();
                    if (high < low) {
                        throw badPattern();
                    }
                    regex.append('-').append(escaped(high));
                }
                items++;
            }
        }

        private int classChar() {
            int ch = peek();
            if (ch < 0 || ch == '-' || ch == ']') {
                throw badPattern();
            }
            position++;
            if (ch == '\\') {
                if (peek() < 0) {
                    throw badPattern();
                }
                ch = pattern[position++];
            }
            return ch;
        }

        private void literal(int ch) {
            regex.append(escaped(ch));
        }

        private static String escaped(int ch) {
            return Character.isLetterOrDigit(ch) ? Character.toString(ch) : "\\x{" + Integer.toHexString(ch) + "}";
        }

        private static IllegalArgumentException badPattern() {
            return new IllegalArgumentException("syntax error in pattern");
        }
    }
}
