package io.wharf.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Any Dockerfile text parses into known instructions or fails with a {@link DockerfileSyntaxException} (a 400 for
 * the client), never another exception; every part the executor reads back from a parsed instruction works.
 */
class DockerfileParserFuzzTest {
    private static final Set<String> KEY_VALUES = Set.of("ENV", "LABEL", "ARG");

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "ARG ", "LABEL ", "ONBUILD ", "HEALTHCHECK ",
        "CMD ", " NONE", "SHELL ", "\\", "`", "# escape=`", "# syntax=x", "<<EOF", "<<-EOF", "EOF",
        "'EOF'", "[\"", "\"]", "--from=", "--link", "--chown=", "--interval=", "=", "\"", "'", "$", "${", "}", "#"})
    void parsesOrRefuses(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ParsedDockerfile parsed;
        try {
            parsed = DockerfileParser.parse("Dockerfile", text);
        } catch (DockerfileSyntaxException e) {
            assertTrue(e.getMessage().startsWith("Dockerfile:") || e.line() == 0, e::getMessage);
            return;
        }
        long lines = text.lines().count();
        assertTrue(parsed.escape() == '\\' || parsed.escape() == '`');
        for (Instruction instruction : parsed.instructions()) {
            assertTrue(InstructionParser.KEYWORDS.contains(instruction.keyword()), instruction::keyword);
            assertTrue(instruction.line() >= 1 && instruction.line() <= lines, () -> "line " + instruction.line());
            List<String> words = instruction.words();
            if (KEY_VALUES.contains(instruction.keyword())) {
                assertTrue(!instruction.keyValues().isEmpty());
            }
            if (instruction.keyword().equals("ONBUILD")) {
                assertTriggerParses(instruction, parsed.escape());
            }
            for (Instruction.Heredoc heredoc : instruction.heredocs()) {
                if (heredoc.chomp()) {
                    assertTrue(heredoc.content().lines().noneMatch(line -> line.startsWith("\t")), "tabs stripped");
                }
                assertTrue(!heredoc.name().isEmpty() && !words.isEmpty());
            }
        }
    }

    /** What an image records for ONBUILD parses again as the same instruction when a child build runs it. */
    private static void assertTriggerParses(Instruction onbuild, char escape) {
        try {
            Instruction trigger = DockerfileParser.parseTrigger("Dockerfile", 1, onbuild.args().get(0), escape);
            assertEquals(onbuild.args().get(0).strip().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT),
                    trigger.keyword());
        } catch (DockerfileSyntaxException e) {
            throw new AssertionError("a trigger that parsed once must parse again: " + onbuild.args(), e);
        }
    }
}
