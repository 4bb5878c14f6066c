package io.wharf.builder.dockerfile;

import static io.wharf.builder.dockerfile.DockerfileParserTest.error;
import static io.wharf.builder.dockerfile.DockerfileParserTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.builder.dockerfile.Instruction.Heredoc;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Here-documents as the Dockerfile reference (syntax 1.4) shows them. */
class HeredocTest {

    @Test
    void runWithAScriptHeredoc() throws Exception {
        List<Instruction> parsed = parse("FROM debian\nRUN <<EOF\napt-get update\napt-get install -y vim\nEOF\n"
                + "RUN echo after\n");
        Instruction run = parsed.get(1);
        assertEquals(List.of("<<EOF"), run.args());
        assertEquals(List.of(new Heredoc("EOF", "apt-get update\napt-get install -y vim\n", true, false)),
                run.heredocs());
        assertEquals(6, parsed.get(2).line());
    }

    @Test
    void heredocAsAProgramsInput() throws Exception {
        Instruction run = parse("FROM python:3.6\nRUN python3 <<EOF\nwith open(\"/hello\", \"w\") as f:\n"
                + "    print(\"Hello\", file=f)\nEOF\n").get(1);
        assertEquals(List.of("python3 <<EOF"), run.args());
        assertEquals("with open(\"/hello\", \"w\") as f:\n    print(\"Hello\", file=f)\n",
                run.heredocs().get(0).content());
    }

    @Test
    void severalHeredocsOnOneLine() throws Exception {
        Instruction run = parse("FROM alpine\nRUN <<FILE1 cat > file1 && <<FILE2 cat > file2\nI am\nfirst\nFILE1\n"
                + "I am\nsecond\nFILE2\n").get(1);
        assertEquals(List.of(new Heredoc("FILE1", "I am\nfirst\n", true, false),
                new Heredoc("FILE2", "I am\nsecond\n", true, false)), run.heredocs());
    }

    @Test
    void copyAHeredocToAFile() throws Exception {
        Instruction copy = parse("FROM alpine\nARG FOO=bar\nCOPY <<-EOT /script.sh\n\techo \"hello ${FOO}\"\n"
                + "\t\tnested\n\tEOT\n").get(2);
        assertEquals(List.of("<<-EOT", "/script.sh"), copy.words());
        Heredoc body = copy.heredocs().get(0);
        assertEquals("echo \"hello ${FOO}\"\nnested\n", body.content(), "tabs stripped, also before the delimiter");
        assertTrue(body.chomp());
        assertTrue(body.expand());
        assertEquals(body, copy.heredocFor("<<-EOT").orElseThrow());
        assertTrue(copy.heredocFor("/script.sh").isEmpty());
    }

    @Test
    void aQuotedDelimiterTurnsExpansionOff() throws Exception {
        for (String opener : List.of("<<'EOT'", "<<\"EOT\"", "<<E'O'T")) {
            Instruction copy = parse("FROM alpine\nCOPY " + opener + " /x\n$HOME\nEOT\n").get(1);
            assertEquals("EOT", copy.heredocs().get(0).name(), opener);
            assertFalse(copy.heredocs().get(0).expand(), opener);
            assertEquals("$HOME\n", copy.heredocs().get(0).content());
        }
    }

    @Test
    void onlyShellFormRunCopyAndAddOpenHeredocs() throws Exception {
        List<Instruction> parsed = parse("FROM alpine\nRUN [\"cat\", \"<<EOF\"]\nCMD cat <<EOF\nLABEL a=b\n");
        assertEquals(List.of(), parsed.get(1).heredocs());
        assertEquals(List.of(), parsed.get(2).heredocs());
        assertEquals("LABEL", parsed.get(3).keyword());
        assertEquals(List.of(), parse("FROM a\nRUN echo '<<EOF'x\n").get(1).heredocs(), "<<EOF'x is one word");
    }

    @Test
    void anUnterminatedHeredocNamesItsInstruction() {
        assertEquals("Dockerfile:2: unterminated heredoc", error("FROM alpine\nRUN <<EOF\necho hi\n"));
        assertEquals("Dockerfile:2: COPY cannot accept a heredoc as a destination",
                error("FROM alpine\nCOPY a <<EOF\nx\nEOF\n"));
    }

    @Test
    void onbuildCarriesItsTriggersHeredocs() throws Exception {
        Instruction onbuild = parse("FROM alpine\nONBUILD RUN <<EOF\necho hi\nEOF\n").get(1);
        assertEquals(List.of("RUN <<EOF\necho hi\nEOF"), onbuild.args());
        Instruction trigger = DockerfileParser.parseTrigger("Dockerfile", 1, onbuild.args().get(0), '\\');
        assertEquals("RUN", trigger.keyword());
        assertEquals("echo hi\n", trigger.heredocs().get(0).content());
    }
}
