package io.wharf.containerfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitConfigsTest {
    private final ContainerConfig container = ContainerConfig.empty()
            .withCmd(List.of("sh")).withEntrypoint(List.of("/init")).withUser("app").withWorkingDir("/srv")
            .withEnv(List.of("A=1", "B=2")).withLabels(Map.of("x", "1"))
            .withExposedPorts(Map.of("80/tcp", Map.of())).withVolumes(Map.of("/data", Map.of()))
            .withStopSignal("SIGTERM");

    @Test
    void changesApplyToTheContainersConfig() {
        ContainerConfig c = CommitConfigs.build(null, List.of(
                "ENV B=3 C=4", "LABEL y=2", "EXPOSE 443/udp 8000-8001", "USER root", "WORKDIR sub",
                "VOLUME [\"/cache\"]", "STOPSIGNAL SIGINT", "ONBUILD run make",
                "HEALTHCHECK --interval=30s --retries=3 CMD curl -f localhost", "ENTRYPOINT run"), container);
        assertEquals(List.of("A=1", "B=3", "C=4"), c.env());
        assertEquals(Map.of("x", "1", "y", "2"), c.labels());
        assertEquals(List.of("443/udp", "80/tcp", "8000/tcp", "8001/tcp"), List.copyOf(c.exposedPorts().keySet()));
        assertEquals("root", c.user());
        assertEquals("/srv/sub", c.workingDir());
        assertEquals(List.of("/cache", "/data"), List.copyOf(c.volumes().keySet()));
        assertEquals("SIGINT", c.stopSignal());
        assertEquals(List.of("RUN make"), c.onBuild());
        assertEquals(List.of("CMD-SHELL", "curl -f localhost"), c.healthcheck().test());
        assertEquals(30_000_000_000L, c.healthcheck().interval());
        assertEquals(3, c.healthcheck().retries());
        assertEquals(List.of("/bin/sh", "-c", "run"), c.entrypoint());
        assertNull(c.cmd(), "ENTRYPOINT without CMD resets the command, and merge keeps it unset");
    }

    @Test
    void cmdAfterEntrypointSurvives() {
        ContainerConfig c = CommitConfigs.build(null, List.of("ENTRYPOINT [\"a\"]\nCMD [\"b\"]"), container);
        assertEquals(List.of("a"), c.entrypoint());
        assertEquals(List.of("b"), c.cmd());
    }

    @Test
    void emptyBodyFieldsComeFromTheContainer() {
        ContainerConfig c = CommitConfigs.build(ContainerConfig.empty(), List.of(), container);
        assertEquals(List.of("sh"), c.cmd());
        assertEquals(List.of("/init"), c.entrypoint());
        assertEquals("app", c.user());
        assertEquals("/srv", c.workingDir());
        assertEquals(List.of("A=1", "B=2"), c.env());
        assertEquals("SIGTERM", c.stopSignal());
        assertEquals(Map.of("80/tcp", Map.of()), c.exposedPorts());
    }

    @Test
    void invalidChangesAreRejected() {
        assertEquals("FROM is not a valid change command",
                assertThrows(EngineException.class, () -> CommitConfigs.build(null, List.of("FROM x"), container))
                        .getMessage());
        assertThrows(EngineException.class, () -> CommitConfigs.build(null, List.of("EXPOSE 99999"), container));
        assertThrows(EngineException.class, () -> CommitConfigs.build(null, List.of("ONBUILD FROM x"), container));
        assertThrows(EngineException.class, () -> CommitConfigs.build(null, List.of("ENV"), container));
    }
}
