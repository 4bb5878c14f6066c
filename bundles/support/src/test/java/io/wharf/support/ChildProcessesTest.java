package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import io.wharf.support.ChildProcesses.Result;
import org.junit.jupiter.api.Test;

class ChildProcessesTest {
    /** A child that writes 8 MiB to stderr before its stdout: read one after the other, both would block. */
    @Test
    void aChildFloodingStderrDoesNotStallTheReadOfStdout() {
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ChildProcesses.run(
                List.of("/bin/sh", "-c", "head -c 8388608 /dev/zero | tr '\\0' x >&2; echo done; exit 3"),
                null, true, Duration.ofSeconds(15)));
        assertEquals(3, r.exitCode());
        assertEquals("done\n", r.stdout());
        assertEquals(ChildProcesses.STDERR_LIMIT, r.stderr().length(), "stderr is kept only up to its limit");
    }

    @Test
    void aChildSleepingPastItsTimeoutIsKilledWithItsDescendants() throws IOException {
        String marker = "31.7" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1000);
        long start = System.nanoTime();
        // the background sleep inherits the pipes: unless it is killed too, they never close
        ChildProcesses.TimeoutException e = assertThrows(ChildProcesses.TimeoutException.class,
                () -> ChildProcesses.run(List.of("/bin/sh", "-c", "echo starting >&2; sleep " + marker
                        + " & sleep " + marker), null, true, Duration.ofMillis(700)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 5_000, "the timeout fired after " + tookMillis + " ms");
        assertTrue(e.getMessage().contains("did not finish in 700 ms and was killed: starting"), e.getMessage());
        assertEquals(List.of(), eventually(() -> processesWith(marker)), "no sleep survives");
    }

    @Test
    void inputIsFedWhileOutputIsRead() throws IOException {
        byte[] input = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8); // more than a pipe holds
        Result r = ChildProcesses.run(List.of("cat"), input, true, Duration.ofSeconds(10));
        assertTrue(r.ok());
        assertEquals(1 << 20, r.stdout().length());
    }

    @Test
    void childrenDoNotSeeTheServiceManagersVariables() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("NOTIFY_SOCKET") != null,
                "surefire sets NOTIFY_SOCKET as systemd would (see this module's pom)");
        Result r = ChildProcesses.run(List.of("/bin/sh", "-c", "echo ${NOTIFY_SOCKET:-none} ${LISTEN_FDS:-none} $PATH"),
                null, true, Duration.ofSeconds(10));
        assertTrue(r.stdout().startsWith("none none /"), r.stdout());
    }

    @Test
    void aMissingCommandFailsToStart() {
        assertThrows(IOException.class, () -> ChildProcesses.run(List.of("/nonexistent/tool"), null, false,
                Duration.ofSeconds(1)));
    }

    /** A killed process takes a moment to go: polls for up to 2 s until the list is empty. */
    private static List<Long> eventually(ThrowingSupplier<List<Long>> list) throws IOException {
        List<Long> found = list.get();
        for (int i = 0; i < 20 && !found.isEmpty(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = list.get();
        }
        return found;
    }

    private interface ThrowingSupplier<T> {
        T get() throws IOException;
    }

    private static List<Long> processesWith(String marker) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .contains(marker);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        }
    }
}
