package io.wharf.builder.dockerfile;

/** Parses Dockerfile text (directives, continuations, comments, JSON and shell forms, heredocs). */
public final class DockerfileParser {
    private DockerfileParser() {
    }

    /** @param fileName the name used in error messages ({@code Dockerfile}, or the custom name) */
    public static ParsedDockerfile parse(String fileName, String text) throws DockerfileSyntaxException {
        throw new UnsupportedOperationException("to be written (s6-bparse)");
    }
}
