package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.support.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conmon that never reports: the create fails at its timeout instead of holding the caller forever. */
class ConmonTimeoutTest {
    @TempDir
    Path tmp;

    @Test
    void aConmonThatNeverReportsIsKilledAtTheStartTimeout() throws IOException {
        Path fake = tmp.resolve("conmon");
        // writes its pidfile like conmon, then hangs as a wedged runc create would
        Files.writeString(fake, "#!/bin/sh\nwhile [ \"$1\" != --conmon-pidfile ]; do shift; done\n"
                + "echo $$ > \"$2\"\nexec sleep 30\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        ExecRootLayout layout = new ExecRootLayout(tmp.resolve("run"));
        Files.createDirectories(layout.bundle("c1"));
        Conmon conmon = new Conmon(fake, layout, new ObjectMapper(), "info", Duration.ofSeconds(1));
        OciRuntime runc = new OciRuntime("runc", Path.of("/usr/bin/runc"), List.of(), tmp.resolve("state"));

        long start = System.nanoTime();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(
                ChildProcesses.TimeoutException.class, () -> conmon.create(
                        new Conmon.CreateRequest("c1", "c1", runc, null, false, false, false))));
        assertTrue(e.getMessage().contains("conmon (runc create c1) did not finish in 1 s and was killed"),
                e.getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 8_000);
        long pid = Long.parseLong(Files.readString(layout.conmonPidFile("c1")).strip());
        for (int i = 0; i < 20 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            sleep(100);
        }
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the hung conmon was killed");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
