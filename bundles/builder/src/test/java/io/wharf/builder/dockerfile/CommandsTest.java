package io.wharf.builder.dockerfile;

import static io.wharf.builder.dockerfile.DockerfileParserTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The argv of RUN/CMD/ENTRYPOINT in both forms and with here-documents, and HEALTHCHECK's recorded config. */
class CommandsTest {
    private static final List<String> SH = List.of("/bin/sh", "-c");

    private static Commands.Command command(String line) throws DockerfileSyntaxException {
        return Commands.of(parse("FROM busybox\n" + line).get(1), SH);
    }

    @Test
    void shellAndExecForms() throws Exception {
        assertEquals(List.of("/bin/sh", "-c", "echo hi && exit 3"), command("RUN echo hi && exit 3\n").argv());
        assertEquals(List.of("echo", "hi"), command("CMD [\"echo\", \"hi\"]\n").argv());
        assertEquals(List.of("pwsh", "-c", "dir"), Commands.of(parse("FROM x\nRUN dir\n").get(1),
                List.of("pwsh", "-c")).argv());
    }

    @Test
    void heredocsRunAsBuildKitRunsThem() throws Exception {
        assertEquals(List.of("/bin/sh", "-c", "echo a\necho b\n"), command("RUN <<EOF\necho a\necho b\nEOF\n").argv());
        Commands.Command script = command("RUN <<EOT\n#!/usr/bin/env python3\nprint('hi')\nEOT\n");
        assertEquals(List.of("/dev/pipes/EOT"), script.argv());
        assertTrue(script.script().orElseThrow().content().startsWith("#!/usr/bin/env python3"));
        assertEquals(List.of("/bin/sh", "-c", "python3 <<EOF\nprint(1)\nEOF"),
                command("RUN python3 <<EOF\nprint(1)\nEOF\n").argv());
    }

    @Test
    void healthcheckAsTheImageConfigRecordsIt() throws Exception {
        assertEquals(new HealthcheckOptions(List.of("CMD-SHELL", "curl -f http://localhost/"), 30_000_000_000L,
                3_000_000_000L, 0, 0, 3), HealthcheckOptions.of(parse("FROM x\nHEALTHCHECK --interval=30s "
                + "--timeout=3s --retries=3 CMD curl -f http://localhost/\n").get(1)));
        assertEquals(List.of("CMD", "true"), HealthcheckOptions.of(parse("FROM x\nHEALTHCHECK CMD [\"true\"]\n")
                .get(1)).test());
        assertEquals(List.of("NONE"), HealthcheckOptions.of(parse("FROM x\nHEALTHCHECK none\n").get(1)).test());
    }
}
