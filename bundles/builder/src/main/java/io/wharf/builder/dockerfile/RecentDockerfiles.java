package io.wharf.builder.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parses of the Dockerfiles built last: a rebuild sends the same text again, and parsing it anew was a tenth
 * of a cached build's work. A parse depends on the file's name (error messages) and text only, and its result is
 * immutable, so a remembered one is what parsing again would give; a text that fails is parsed (and fails) anew
 * each time. Small texts only, so that what is kept stays small.
 */
public final class RecentDockerfiles {
    static final int REMEMBERED = 16;
    static final int MAX_TEXT = 64 << 10;

    private record Key(String fileName, String text) {
    }

    private final Map<Key, ParsedDockerfile> recent = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ParsedDockerfile> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** {@link DockerfileParser#parse}, from memory when this name and text were parsed lately. */
    public ParsedDockerfile parse(String fileName, String text) throws DockerfileSyntaxException {
        if (text.length() > MAX_TEXT) {
            return DockerfileParser.parse(fileName, text);
        }
        Key key = new Key(fileName, text);
        synchronized (recent) {
            ParsedDockerfile known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        ParsedDockerfile parsed = DockerfileParser.parse(fileName, text);
        synchronized (recent) {
            recent.put(key, parsed);
        }
        return parsed;
    }
}
