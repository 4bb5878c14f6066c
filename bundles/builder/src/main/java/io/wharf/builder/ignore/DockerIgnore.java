package io.wharf.builder.ignore;

import java.util.List;

/** {@code .dockerignore} rules as Docker applies them ({@code **}, {@code !} exceptions, leading {@code /}). */
public final class DockerIgnore {
    private final List<String> patterns;

    private DockerIgnore(List<String> patterns) {
        this.patterns = patterns;
    }

    public static DockerIgnore parse(String text) {
        throw new UnsupportedOperationException("to be written (s6-bparse)");
    }

    /** @param path a context-relative path with {@code /} separators, no leading {@code /} */
    public boolean excludes(String path) {
        throw new UnsupportedOperationException("to be written (s6-bparse)");
    }
}
