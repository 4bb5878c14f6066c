package io.wharf.builder.dockerfile;

import java.util.function.Function;

/**
 * Docker's variable substitution in instruction words: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}},
 * {@code ${VAR:+word}}, {@code ${VAR-word}}, {@code ${VAR+word}}, escapes with the Dockerfile's escape character.
 */
public final class Substitution {
    private Substitution() {
    }

    /** @param lookup a variable's value, or null when it is not set */
    public static String expand(String word, char escape, Function<String, String> lookup)
            throws DockerfileSyntaxException {
        throw new UnsupportedOperationException("to be written (s6-bparse)");
    }
}
