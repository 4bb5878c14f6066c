package io.wharf.builder.ignore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code .dockerignore} rules as Docker applies them (moby's {@code ignorefile.ReadAll} and patternmatcher's
 * {@code MatchesOrParentMatches}): {@code #} comments, patterns cleaned like paths with a leading {@code /} dropped,
 * {@code *}, {@code ?}, {@code [...]} and {@code **}, and {@code !} exceptions where the last matching line wins. A
 * path is excluded when it or one of its parent directories matches. That the Dockerfile and {@code .dockerignore}
 * are always sent is the executor's rule, not this matcher's.
 */
public final class DockerIgnore {
    private static final DockerIgnore NOTHING = new DockerIgnore(List.of());

    private final List<IgnorePattern> patterns;
    private final boolean hasExceptions;

    private DockerIgnore(List<IgnorePattern> patterns) {
        this.patterns = patterns;
        this.hasExceptions = patterns.stream().anyMatch(IgnorePattern::exclusion);
    }

    /** Rules that exclude nothing (no {@code .dockerignore}). */
    public static DockerIgnore none() {
        return NOTHING;
    }

    /** @throws IllegalArgumentException with Docker's text for a malformed pattern ({@code syntax error in pattern}) */
    public static DockerIgnore parse(String text) {
        List<IgnorePattern> patterns = new ArrayList<>();
        for (String pattern : lines(text)) {
            patterns.add(new IgnorePattern(pattern));
        }
        return new DockerIgnore(Collections.unmodifiableList(patterns));
    }

    /** The file's patterns as Docker reads them: comments and blank lines dropped, each cleaned, {@code !} kept. */
    static List<String> lines(String text) {
        List<String> patterns = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : body.split("\r?\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            if (!pattern.isEmpty()) {
                pattern = GoPaths.clean(pattern);
                if (pattern.length() > 1 && pattern.startsWith("/")) {
                    pattern = pattern.substring(1);
                }
            }
            patterns.add(exception ? "!" + pattern : pattern);
        }
        return patterns;
    }

    /** @param path a context-relative path with {@code /} separators, no leading {@code /} */
    public boolean excludes(String path) {
        String file = GoPaths.clean(path);
        String parent = GoPaths.dir(file);
        String[] parentDirs = parent.split("/");
        boolean matched = false;
        for (IgnorePattern pattern : patterns) {
            if (pattern.exclusion() != matched) {
                continue; // an exception only matters once excluded, an exclusion only until then
            }
            boolean match = pattern.matches(file);
            if (!match && !parent.equals(".")) {
                StringBuilder dir = new StringBuilder();
                for (String element : parentDirs) {
                    dir.append(dir.isEmpty() ? "" : "/").append(element);
                    if (pattern.matches(dir.toString())) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return matched;
    }

    /**
     * Whether a directory can be left out as a whole, without looking inside: it is excluded and no exception pattern
     * names a path under it (Docker's archiver test: a plain prefix test, wildcards in the exception not read).
     */
    public boolean canSkipDirectory(String dir) {
        if (!excludes(dir)) {
            return false;
        }
        if (!hasExceptions) {
            return true;
        }
        String prefix = GoPaths.clean(dir) + "/";
        return patterns.stream().filter(IgnorePattern::exclusion)
                .noneMatch(pattern -> (pattern.cleaned() + "/").startsWith(prefix));
    }

    /** Whether some pattern is an exception ({@code !...}). */
    public boolean hasExceptions() {
        return hasExceptions;
    }
}
