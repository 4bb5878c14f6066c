package io.wharf.builder.ignore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * {@code .dockerignore text NUL path}: the rules parse or are refused with an {@link IllegalArgumentException} (a 400),
 * matching never fails, a directory that may be skipped is excluded, and a rule that names a plain path excludes it
 * and everything under it.
 */
class DockerIgnoreFuzzTest {
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"*", "**", "?", "[", "]", "^", "-", "\\", "/", "!", "#", "..", ".", "\u0000"})
    void matchesOrRefuses(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String rules = nul < 0 ? text : text.substring(0, nul);
        String path = nul < 0 ? "a/b" : text.substring(nul + 1);
        DockerIgnore ignore;
        try {
            ignore = DockerIgnore.parse(rules);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().equals("syntax error in pattern") || e.getMessage().startsWith("illegal"),
                    e::getMessage);
            return;
        }
        boolean excluded = ignore.excludes(path);
        if (ignore.canSkipDirectory(path)) {
            assertTrue(excluded, "a skipped directory is an excluded one");
        }
        String clean = GoPaths.clean(path);
        if (clean.matches("[A-Za-z0-9_][A-Za-z0-9_./]*") && !clean.contains("..")) {
            DockerIgnore literal = DockerIgnore.parse(clean);
            assertTrue(literal.excludes(clean));
            assertTrue(literal.excludes(clean + "/child"));
        }
    }
}
