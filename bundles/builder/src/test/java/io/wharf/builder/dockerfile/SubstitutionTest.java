package io.wharf.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Substitution as BuildKit's shell lexer does it; cases after the Dockerfile reference and lex.go's envVarTest. */
class SubstitutionTest {
    private static final Map<String, String> ENV = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어",
            "EMPTY", "", "LIST", "a b  c", "SPACED", " x ");
    private static final Function<String, String> LOOKUP = ENV::get;

    private static String expand(String word) throws DockerfileSyntaxException {
        return Substitution.expand(word, '\\', LOOKUP);
    }

    // delimiter | so words may hold commas; <empty> stands for ""
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "<null>", emptyValue = "", quoteCharacter = '~', value = {
        "hello | hello",
        "he'll'o | hello",
        "he'llo | <error>",
        "he\\'llo | he'llo",
        "he\\\\'llo | <error>",
        "abc\\\\def | abc\\def",
        "\"\"\"\" | ~~",
        "'\"' | \"",
        "\"'\" | '",
        "\"\\\"\" | \"",
        "\"\\\\\" | \\",
        "\"\\a\" | \\a",
        "'\\a' | \\a",
        "$PWD | /home",
        "${PWD} | /home",
        "\\$PWD | $PWD",
        "'$PWD' | $PWD",
        "\"$PWD\" | /home",
        "\"\\$PWD\" | $PWD",
        "he$PWD | he/home",
        "he${PWD}x | he/homex",
        "$PWDx | ~~",
        "$UNSET | ~~",
        "${UNSET} | ~~",
        "x$ | x$",
        "$ | $",
        "${PWD:-word} | /home",
        "${UNSET:-word} | word",
        "${EMPTY:-word} | word",
        "${EMPTY-word} | ~~",
        "${UNSET-word} | word",
        "${PWD:+word} | word",
        "${UNSET:+word} | ~~",
        "${EMPTY:+word} | ~~",
        "${EMPTY+word} | word",
        "${UNSET+word} | ~~",
        "${UNSET:-${SHELL}} | bash",
        "${UNSET:-$SHELL-x} | bash-x",
        "${UNSET:-'quoted $SHELL'} | quoted $SHELL",
        "${UNSET:-\"a}b\"} | a}b",
        "${UNSET:-\"a\\}b\"} | a\\}b",
        "${PWD | <error>",
        "${} | <error>",
        "${:x} | <error>",
        "${PWD:x} | <error>",
        "${PWD%x} | <error>",
        "${UNSET:?} | <error>",
        "${PWD:?must be set} | /home",
        "${KOREAN} | 한국어",
        "\"${KOREAN}\"x | 한국어x",
        "$1 | ~~",
        "a\\ b | a b",
        "trailing\\ | trailing",
        "\"unterminated | <error>",
    })
    void expandsOneWord(String word, String expected) throws DockerfileSyntaxException {
        if ("<error>".equals(expected)) {
            assertThrows(DockerfileSyntaxException.class, () -> expand(word));
        } else {
            assertEquals(expected == null ? "" : expected, expand(word));
        }
    }

    @Test
    void errorsSayWhatDockerSays() {
        assertEquals("unexpected end of statement while looking for matching double-quote",
                assertThrows(DockerfileSyntaxException.class, () -> expand("\"abc")).getMessage());
        assertEquals("unexpected end of statement while looking for matching single-quote",
                assertThrows(DockerfileSyntaxException.class, () -> expand("'abc")).getMessage());
        assertEquals("syntax error: missing '}'",
                assertThrows(DockerfileSyntaxException.class, () -> expand("${PWD:-abc")).getMessage());
        assertEquals("syntax error: bad substitution",
                assertThrows(DockerfileSyntaxException.class, () -> expand("${}")).getMessage());
        assertEquals("UNSET: is not allowed to be unset",
                assertThrows(DockerfileSyntaxException.class, () -> expand("${UNSET?}")).getMessage());
        assertEquals("Dockerfile:4: syntax error: bad substitution",
                assertThrows(DockerfileSyntaxException.class, () -> expand("${}")).at("Dockerfile", 4).getMessage());
    }

    @Test
    void backtickEscapes() throws DockerfileSyntaxException {
        assertEquals("$PWD c:\\dir", Substitution.expand("`$PWD c:\\dir", '`', LOOKUP));
        assertEquals("\"", Substitution.expand("\"`\"\"", '`', LOOKUP));
    }

    @Test
    void oneWordIsNeverSplitButWordsAre() throws DockerfileSyntaxException {
        assertEquals("a b  c", expand("$LIST"));
        assertEquals(List.of("a", "b", "c"), Substitution.words("$LIST", '\\', LOOKUP));
        assertEquals(List.of("a b  c"), Substitution.words("\"$LIST\"", '\\', LOOKUP));
        assertEquals(List.of("x", "y z", "w"), Substitution.words("x 'y z'  w", '\\', LOOKUP));
        assertEquals(List.of("y z"), Substitution.words("y\\ z", '\\', LOOKUP));
        assertEquals(List.of("pre", "x", "post"), Substitution.words("pre$SPACED post", '\\', LOOKUP));
        assertEquals(List.of(), Substitution.words("$EMPTY ''", '\\', LOOKUP));
    }

    @Test
    void listsTheVariablesAWordUses() {
        assertEquals(Set.of("A", "B", "C"), Substitution.variables("$A/${B:-$C}", '\\'));
        assertEquals(Set.of(), Substitution.variables("'$A' \\$B", '\\'));
        assertEquals(Set.of("A"), Substitution.variables("\"$A\" \"unterminated", '\\'));
    }

    @Test
    void knowsWhichInstructionsSubstitute() {
        for (String keyword : List.of("ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME",
                "WORKDIR", "ARG")) {
            assertEquals(true, Substitution.substitutes(keyword), keyword);
        }
        for (String keyword : List.of("RUN", "CMD", "ENTRYPOINT", "ONBUILD", "SHELL", "HEALTHCHECK", "MAINTAINER")) {
            assertEquals(false, Substitution.substitutes(keyword), keyword);
        }
    }
}
