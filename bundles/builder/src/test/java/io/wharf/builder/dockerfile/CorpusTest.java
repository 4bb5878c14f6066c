package io.wharf.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole multi-stage Dockerfile using most of the syntax at once, read back instruction by instruction. */
class CorpusTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = CorpusTest.class.getResourceAsStream("corpus/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void multiStageDockerfile() throws Exception {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", resource("multistage.Dockerfile"));
        List<Instruction> all = parsed.instructions();
        assertEquals(List.of("ARG", "ARG", "FROM", "WORKDIR", "ENV", "COPY", "RUN", "COPY", "RUN", "FROM", "LABEL",
                "RUN", "COPY", "COPY", "EXPOSE", "VOLUME", "USER", "HEALTHCHECK", "STOPSIGNAL", "ONBUILD", "SHELL",
                "ENTRYPOINT", "CMD"), all.stream().map(Instruction::keyword).toList());
        assertEquals(1, parsed.warnings().size(), "the ignored syntax directive");
        assertEquals(List.of(4, 5, 7, 8, 9, 11, 12, 15, 16, 18, 19, 21, 22, 23, 27, 28, 29, 30, 32, 33, 34, 35, 36),
                all.stream().map(Instruction::line).toList());

        Instruction from = all.get(2);
        assertEquals("build", from.stageName().orElseThrow());
        assertEquals("golang:1.21", Substitution.expand(from.words().get(0), '\\',
                Map.of("GO_VERSION", "1.21")::get));
        List<Instruction.KeyValue> env = all.get(4).keyValues();
        assertEquals("-trimpath -mod=readonly", Substitution.expand(env.get(1).value(), '\\', name -> null));
        assertEquals(List.of("go mod download &&     go mod verify"), all.get(6).args());
        assertEquals(Map.of("network", "none"), all.get(8).flags());
        assertEquals("an example \"app\"", Substitution.expand(all.get(10).keyValues().get(1).value(), '\\',
                name -> null));
        assertEquals(Map.of("from", "build", "chown", "app:app", "chmod", "755"), all.get(12).flags());
        assertEquals("listen: \":8080\"\nlevel: info\n", all.get(13).heredocs().get(0).content());
        assertEquals(new HealthcheckOptions(List.of("CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"),
                30_000_000_000L, 3_000_000_000L, 0, 0, 3), HealthcheckOptions.of(all.get(17)));
        assertEquals(List.of("COPY . /app/src"), all.get(19).args());
        assertEquals(List.of("/bin/ash", "-eo", "pipefail", "-c", "echo"),
                Commands.of(DockerfileParser.parseTrigger("Dockerfile", 1, "RUN echo", '\\'), all.get(20).args())
                        .argv());
        assertEquals(List.of("--config", "/etc/app/config.yaml"), all.get(22).args());
    }
}
