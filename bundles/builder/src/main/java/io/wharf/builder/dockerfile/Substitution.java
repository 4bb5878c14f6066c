package io.wharf.builder.dockerfile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Docker's variable substitution in instruction words: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}},
 * {@code ${VAR:+word}}, {@code ${VAR-word}}, {@code ${VAR+word}}, escapes with the Dockerfile's escape character.
 * Quotes are removed as a shell would ({@code '...'} suppresses expansion); an unset variable expands to nothing.
 * Errors ({@code unexpected end of statement while looking for matching double-quote}, bad substitutions) carry no
 * line: place them with {@link DockerfileSyntaxException#at}.
 */
public final class Substitution {
    /**
     * The instructions whose words Docker substitutes (its documentation's list, plus {@code ARG} defaults and the
     * {@code --from}/{@code --chown}/{@code --chmod} flags of {@code COPY}/{@code ADD}). {@code RUN}, {@code CMD} and
     * {@code ENTRYPOINT} are left to the shell; an {@code ONBUILD} trigger is substituted when it runs, in the child
     * build.
     */
    public static final Set<String> SUBSTITUTING_INSTRUCTIONS = Set.of("ADD", "ARG", "COPY", "ENV", "EXPOSE", "FROM",
            "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

    private Substitution() {
    }

    /** Whether Docker substitutes variables in this instruction's words ({@code keyword} in upper case). */
    public static boolean substitutes(String keyword) {
        return SUBSTITUTING_INSTRUCTIONS.contains(keyword);
    }

    /**
     * One word, as BuildKit's {@code ProcessWord}: the result is never split, so {@code COPY $SRC /d} with
     * {@code SRC="a b"} copies the one source {@code a b}.
     *
     * @param lookup a variable's value, or null when it is not set
     */
    public static String expand(String word, char escape, Function<String, String> lookup)
            throws DockerfileSyntaxException {
        return new ShellLexer(word, escape, lookup, false, null).process().word();
    }

    /**
     * The fields of a text, as BuildKit's {@code ProcessWords}: split on whitespace that is neither quoted nor
     * escaped, also whitespace an expansion brings ({@code $LIST} with {@code LIST="a b"} gives two words).
     */
    public static List<String> words(String text, char escape, Function<String, String> lookup)
            throws DockerfileSyntaxException {
        return List.copyOf(new ShellLexer(text, escape, lookup, false, null).process().words());
    }

    /**
     * The names of the variables a word refers to (also those only in a modifier's word that was not used), in order
     * of appearance: the build args a step depends on, for its cache key. A word that does not lex refers to none.
     */
    public static Set<String> variables(String word, char escape) {
        Set<String> used = new LinkedHashSet<>();
        try {
            new ShellLexer(word, escape, name -> "set", false, used).process();
        } catch (DockerfileSyntaxException e) {
            // the executor reports the error when it expands the word; the names seen so far are still used
        }
        return used;
    }
}
