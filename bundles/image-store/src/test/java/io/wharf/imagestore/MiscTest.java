package io.wharf.imagestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.storage.StorageDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.support.DockerfileChanges;
import io.wharf.support.Times;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiscTest {
    @TempDir
    Path tmp;

    @Test
    void dockerfileChanges() {
        ContainerConfig c = DockerfileChanges.apply(List.of(
                "CMD echo hi", "ENTRYPOINT [\"/init\"]", "ENV A=1 B=\"two words\"", "ENV C three words",
                "EXPOSE 80 53/udp 8000-8001", "LABEL a=b \"c d\"=e", "USER nobody", "VOLUME /data /logs",
                "WORKDIR /app", "WORKDIR sub", "STOPSIGNAL SIGKILL", "ONBUILD run make",
                "HEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/"), ContainerConfig.empty());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), c.cmd());
        assertEquals(List.of("/init"), c.entrypoint());
        assertEquals(List.of("A=1", "B=two words", "C=three words"), c.env());
        assertEquals(List.of("53/udp", "80/tcp", "8000/tcp", "8001/tcp"), List.copyOf(c.exposedPorts().keySet()));
        assertEquals(Map.of("a", "b", "c d", "e"), c.labels());
        assertEquals("nobody", c.user());
        assertEquals(List.of("/data", "/logs"), List.copyOf(c.volumes().keySet()));
        assertEquals("/app/sub", c.workingDir());
        assertEquals("SIGKILL", c.stopSignal());
        assertEquals(List.of("RUN make"), c.onBuild());
        assertEquals(List.of("CMD-SHELL", "curl -f http://localhost/"), c.healthcheck().test());
        assertEquals(5_000_000_000L, c.healthcheck().interval());
        assertEquals(3, c.healthcheck().retries());
        // ENTRYPOINT after CMD keeps it only when CMD was set in the same changes
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), c.cmd());
        ContainerConfig d = DockerfileChanges.apply(List.of("ENTRYPOINT top"),
                ContainerConfig.empty().withCmd(List.of("x")));
        assertNull(d.cmd());
        EngineException e = assertThrows(EngineException.class,
                () -> DockerfileChanges.apply(List.of("RUN rm -rf /"), ContainerConfig.empty()));
        assertEquals("RUN is not a valid change command", e.getMessage());
        assertThrows(EngineException.class, () -> DockerfileChanges.apply(List.of("EXPOSE abc"),
                ContainerConfig.empty()));
    }

    @Test
    void times() {
        assertEquals("2024-01-02T03:04:05.1Z", Times.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.100Z")));
        assertEquals("2024-01-02T03:04:05Z", Times.rfc3339Nano(Instant.parse("2024-01-02T03:04:05Z")));
    }

    @Test
    void driverSelection() throws Exception {
        StorageDriverProvider overlayOk = provider("overlay2", true);
        StorageDriverProvider overlayNo = provider("overlay2", false);
        StorageDriverProvider vfs = provider("vfs", true);
        assertEquals("vfs", DriverSelector.select("vfs", Map.of("vfs", vfs, "overlay2", overlayOk), tmp, false));
        assertNull(DriverSelector.select("zfs", Map.of("vfs", vfs), tmp, true));
        assertEquals("overlay2", DriverSelector.select(null, Map.of("vfs", vfs, "overlay2", overlayOk), tmp, false));
        assertEquals("vfs", DriverSelector.select(null, Map.of("vfs", vfs, "overlay2", overlayNo), tmp, false));
        assertNull(DriverSelector.select(null, Map.of("vfs", vfs), tmp, false));
        assertEquals("vfs", DriverSelector.select(null, Map.of("vfs", vfs), tmp, true));
        Files.createDirectories(tmp.resolve("image/vfs"));
        assertEquals("vfs", DriverSelector.select(null, Map.of("vfs", vfs, "overlay2", overlayOk), tmp, false));
    }

    static StorageDriverProvider provider(String name, boolean ok) {
        return new StorageDriverProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Support probe(Path home) {
                return ok ? Support.yes() : Support.no("nope");
            }

            @Override
            public StorageDriver open(Path home, List<String> options) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
