package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.nio.charset.StandardCharsets;

/**
 * The {@code reference} filter's patterns (Go's path.Match) as a client may write them. Its first finding: a
 * character class was pasted into a Java regex, so {@code [\p{L}]} meant "any letter" instead of Go's four
 * characters; now GoPathMatch ports Go's matcher and no client text reaches a regex.
 */
class PathMatchFuzzTest {
    /** {@code pattern NUL name}: Go's path.Match answers true, false or a bad-pattern error (400), nothing else. */
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"*", "?", "[", "]", "^", "\\", "/", "-", "&&", "\u0000"})
    void pathMatchIsTotal(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String pattern = nul < 0 ? text : text.substring(0, nul);
        String name = nul < 0 ? text : text.substring(nul + 1);
        try {
            boolean matched = Filters.pathMatch(pattern, name);
            if (pattern.chars().noneMatch(c -> "*?[\\".indexOf(c) >= 0)) {
                assertEquals(pattern.equals(name), matched, "a pattern without metacharacters is a literal");
            }
        } catch (EngineException e) {
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
        }
        if (name.indexOf('/') < 0) {
            assertTrue(Filters.pathMatch("*", name), "* matches any name without a slash");
        }
    }
}
