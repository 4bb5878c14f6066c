package io.wharf.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Substitution of any word either yields a value or a {@link DockerfileSyntaxException}; the variables it looks up
 * are exactly those {@link Substitution#variables} lists (the cache key's inputs); a word without metacharacters is
 * itself.
 */
class SubstitutionFuzzTest {
    private static final Map<String, String> ENV = Map.of("A", "a", "EMPTY", "", "SPACE", " x y ", "Q", "'\"");

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"$", "${", "}", ":-", ":+", "-", "+", ":?", "?", "'", "\"", "\\", "`", "A", "EMPTY", "SPACE",
        "UNSET", " "})
    void expandsOrRefuses(byte[] input) {
        String word = new String(input, StandardCharsets.UTF_8);
        for (char escape : new char[] {'\\', '`'}) {
            Set<String> looked = new LinkedHashSet<>();
            String expanded;
            try {
                expanded = Substitution.expand(word, escape, name -> {
                    looked.add(name);
                    return ENV.get(name);
                });
                Substitution.words(word, escape, ENV::get);
            } catch (DockerfileSyntaxException e) {
                continue;
            }
            assertEquals(Substitution.variables(word, escape), looked, word);
            if (word.chars().noneMatch(c -> c == '$' || c == '\'' || c == '"' || c == escape)) {
                assertEquals(word, expanded);
            }
        }
    }
}
