package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.config.RuntimeDefinition;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeCatalogTest {
    private final Path execRoot = Path.of("/run/wharf");

    @Test
    void builtInsAndConfiguredRuntimesDefaultFirst() {
        RuntimeCatalog catalog = new RuntimeCatalog("my-runc",
                Map.of("my-runc", new RuntimeDefinition("/usr/sbin/runc", List.of("--debug"))), execRoot,
                RuntimeCatalog.SEARCH_PATH);
        assertEquals(List.of("my-runc", "runc", "crun"), catalog.names());
        OciRuntime runtime = catalog.resolve(null);
        assertEquals(Path.of("/usr/sbin/runc"), runtime.binary());
        assertEquals(List.of("/usr/sbin/runc", "--debug", "--root", "/run/wharf/runtime-my-runc"), runtime.command());
        assertTrue(runtime.isRunc());
        assertEquals(Path.of("/run/wharf/runc-state"), catalog.resolve("runc").stateRoot());
    }

    @Test
    void missingBinaryIsAClearError() {
        RuntimeCatalog catalog = new RuntimeCatalog(null, null, execRoot, "/nonexistent-dir");
        EngineException e = assertThrows(EngineException.class, () -> catalog.resolve("crun"));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("crun is not available"), e.getMessage());
        EngineException unknown = assertThrows(EngineException.class, () -> catalog.resolve("kata"));
        assertEquals(ErrorKind.INVALID_PARAMETER, unknown.kind());
        assertEquals("unknown or invalid runtime name: kata", unknown.getMessage());
    }

    @Test
    void runtimeErrorsAreClassifiedLikeMoby() {
        String notFound = "time=\"2026-01-01T00:00:00Z\" level=error msg=\"runc create failed: unable to start "
                + "container process: exec: \\\"nope\\\": executable file not found in $PATH\"\n";
        EngineException e = RuntimeErrors.startFailure("runc", "create", notFound);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("OCI runtime create failed: runc create failed: unable to start container process: exec: "
                + "\"nope\": executable file not found in $PATH: unknown", e.getMessage());
        EngineException wrongType = RuntimeErrors.startFailure("runc", "create", "error mounting \"/a\": not a directory");
        assertTrue(wrongType.getMessage().endsWith("not a directory: unknown: Are you trying to mount a directory onto a "
                + "file (or vice-versa)? Check if the specified host path exists and is the expected type"),
                wrongType.getMessage());
        assertEquals(ErrorKind.SYSTEM, RuntimeErrors.startFailure("runc", "create", "cgroup trouble").kind());
    }
}
