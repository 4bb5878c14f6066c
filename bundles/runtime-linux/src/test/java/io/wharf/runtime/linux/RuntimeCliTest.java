package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's commands through a fake runtime binary that misbehaves. */
class RuntimeCliTest {
    @TempDir
    Path tmp;

    @Test
    void aRuntimeFloodingStderrBeforeItsStateIsReadToTheEnd() throws IOException {
        OciRuntime runtime = fake("head -c 4194304 /dev/zero | tr '\\0' e >&2; echo '{\"status\":\"running\"}'");
        RuntimeCli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new RuntimeCli(Duration.ofSeconds(15)).run(runtime, null, true, "state", "c1"));
        assertTrue(result.ok());
        assertEquals("{\"status\":\"running\"}\n", result.stdout());
    }

    @Test
    void aHangingRuntimeIsKilledAtItsTimeoutWithAClearError() throws IOException {
        OciRuntime runtime = fake("echo 'waiting for a lock' >&2; sleep 30");
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                () -> new RuntimeCli(Duration.ofSeconds(1)).run(runtime, null, false, "kill", "c1", "9")));
        assertTrue(e.getMessage().contains("kill c1 9 did not finish in 1 s and was killed: waiting for a lock"),
                e.getMessage());
    }

    private OciRuntime fake(String script) throws IOException {
        Path binary = tmp.resolve("fake-runc");
        Files.writeString(binary, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        return new OciRuntime("fake", binary, List.of(), tmp.resolve("state"));
    }
}
