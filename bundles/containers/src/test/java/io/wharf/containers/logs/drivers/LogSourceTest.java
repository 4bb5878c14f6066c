package io.wharf.containers.logs.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LogSourceTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String IMAGE = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private static LogSource source(Map<String, String> config) {
        return new LogSource(ID, "web", IMAGE, "busybox:latest", "sh -c x", "h1",
                Map.of("team", "blue", "tier", "front"), List.of("A=1", "AB=2", "B=3", "NOVALUE"), config);
    }

    @Test
    void tagsRenderMobysInfoFields() {
        assertEquals("0123456789ab", source(Map.of()).tag());
        assertEquals("docker/web/busybox:latest/fedcba987654/" + ID, source(Map.of("tag",
                "{{.DaemonName}}/{{.Name}}/{{.ImageName}}/{{.ImageID}}/{{.FullID}}")).tag());
    }

    @Test
    void labelsAndEnvironmentAreChosenByNameOrPattern() {
        assertEquals(Map.of("team", "blue", "A", "1", "B", "3"),
                source(Map.of("labels", "team,missing", "env", "A,B")).extraAttributes(UnaryOperator.identity()));
        assertEquals(Map.of("A", "1", "AB", "2"),
                source(Map.of("env-regex", "^A")).extraAttributes(UnaryOperator.identity()));
        assertEquals(Map.of(), source(Map.of("labels-regex", "t.*")).extraAttributes(UnaryOperator.identity()),
                "as in moby, labels-regex needs labels");
        assertEquals(Map.of("team", "blue", "tier", "front"), source(Map.of("labels", "team", "labels-regex", "^ti"))
                .extraAttributes(UnaryOperator.identity()));
    }
}
