package io.wharf.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parser on cases from Docker's Dockerfile reference, with the results moby's parser gives. */
class DockerfileParserTest {

    static List<Instruction> parse(String text) throws DockerfileSyntaxException {
        return DockerfileParser.parse("Dockerfile", text).instructions();
    }

    static String error(String text) {
        return assertThrows(DockerfileSyntaxException.class, () -> parse(text)).getMessage();
    }

    @Test
    void readsInstructionsCaseInsensitivelyWithTheirLines() throws Exception {
        List<Instruction> parsed = parse("from busybox\n\n  run echo hi\nCmd [\"sh\"]\n");
        assertEquals(List.of("FROM", "RUN", "CMD"), parsed.stream().map(Instruction::keyword).toList());
        assertEquals(List.of(1, 3, 4), parsed.stream().map(Instruction::line).toList());
        assertEquals(List.of("echo hi"), parsed.get(1).args());
        assertFalse(parsed.get(1).jsonForm());
        assertEquals(List.of("sh"), parsed.get(2).args());
        assertTrue(parsed.get(2).jsonForm());
        assertEquals("run echo hi", parsed.get(1).original());
    }

    @Test
    void namesTheLineOfAnUnknownInstruction() {
        assertEquals("Dockerfile:7: unknown instruction: RUNN",
                error("FROM busybox\n\n\n\n\n\nRUNN echo hi\n"));
        assertEquals("Dockerfile:2: unknown instruction: FOOBAR", error("FROM busybox\nfoobar x\n"));
        assertEquals("Dockerfile:2: unknown instruction: \u017fhell", error("FROM busybox\n\u017fhell [\"sh\"]\n"),
                "a long s is no s to Docker");
    }

    @Test
    void emptyOrInstructionlessFilesAreRefusedAsDockerDoes() {
        assertEquals("the Dockerfile (Dockerfile) cannot be empty", error(""));
        assertEquals("file with no instructions", error("# just a comment\n\n   \n"));
        assertEquals("dockerfile contains no stages to build", error("ARG A=1\n"));
        assertEquals("Dockerfile:2: no build stage in current context", error("ARG A\nRUN true\nFROM x\n"));
    }

    @Test
    void joinsContinuationsDroppingCommentsAndEmptyLines() throws Exception {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
                "FROM busybox\nRUN echo a \\\n    # a comment\n\n    && echo b \\  \n  c\nRUN done\n");
        Instruction run = parsed.instructions().get(1);
        assertEquals(List.of("echo a     && echo b   c"), run.args());
        assertEquals(2, run.line());
        assertEquals(7, parsed.instructions().get(2).line());
        assertEquals(List.of("[WARNING]: Empty continuation line found in:\n    RUN echo a     && echo b   c",
                "[WARNING]: Empty continuation lines will become errors in a future release."), parsed.warnings());
    }

    @Test
    void anEscapedEscapeAtTheEndDoesNotContinueTheLine() throws Exception {
        List<Instruction> parsed = parse("FROM busybox\nRUN echo a\\\\\nRUN echo b \\\n\\\n  c\n");
        assertEquals(List.of("echo a\\\\"), parsed.get(1).args());
        assertEquals(List.of("echo b   c"), parsed.get(2).args(), "an escape alone on a line continues it");
    }

    @Test
    void escapeDirectiveSwitchesToBacktick() throws Exception {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
                "# escape=`\n\nFROM microsoft/nanoserver\nCOPY testfile.txt c:\\ `\n   c:\\dst\\\n");
        assertEquals('`', parsed.escape());
        Instruction copy = parsed.instructions().get(1);
        assertEquals(List.of("testfile.txt", "c:\\", "c:\\dst\\"), copy.words());
    }

    @Test
    void syntaxDirectiveIsIgnoredWithAWarningAndCheckSilently() throws Exception {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
                "# syntax=docker/dockerfile:1\n# check=skip=all\nFROM busybox\n");
        assertEquals(1, parsed.warnings().size());
        assertTrue(parsed.warnings().get(0).contains("docker/dockerfile:1"), parsed.warnings()::toString);
    }
}
