package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** posix_spawn with extra pipes against the real kernel: descriptors, environment, stderr, reaping, deadlines. */
@Timeout(30)
class SpawnedProcessTest {
    private static final List<SpawnedProcess.Pipe> SYNC_AND_START =
            List.of(SpawnedProcess.Pipe.FROM_CHILD, SpawnedProcess.Pipe.TO_CHILD);

    @TempDir
    Path dir;

    @Test
    void theChildSpeaksOverFds3And4() throws Exception {
        String script = "read x <&4; echo \"got $x in $PWD as $FOO\" >&3; echo oops >&2; exit 7";
        SpawnedProcess child = SpawnedProcess.spawn(List.of("/bin/sh", "-c", script), Map.of("FOO", "bar"),
                dir.resolve("stderr"), SYNC_AND_START);
        try (OutputStream start = child.toChild(4)) {
            start.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(child.fromChild(3).readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(7, child.waitFor());
        assertEquals(7, child.waitFor(), "a second wait answers from the reaped status");
        assertEquals("got go in / as bar\n", out);
        assertEquals("oops\n", Files.readString(dir.resolve("stderr")));
        child.closePipes();
    }

    @Test
    void theChildGetsNothingElseOfOurs() throws Exception {
        // read from here, not by a shell in the child: a shell's own pipelines show up in its fd table
        SpawnedProcess child = SpawnedProcess.spawn(List.of("/bin/sleep", "30"), Map.of(), dir.resolve("stderr"),
                SYNC_AND_START);
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/" + child.pid() + "/fd"))) {
            assertEquals(List.of("0", "1", "2", "3", "4"),
                    fds.map(f -> f.getFileName().toString()).sorted().toList());
        } finally {
            child.kill(9);
            child.waitFor();
            child.closePipes();
        }
    }

    @Test
    void aReadPastTheDeadlineFailsAndTheKilledChildIsReaped() throws Exception {
        SpawnedProcess child = SpawnedProcess.spawn(List.of("/bin/sleep", "30"), Map.of(), dir.resolve("stderr"),
                SYNC_AND_START);
        long begin = System.nanoTime();
        child.fromChild(3).deadline(begin + 300_000_000L);
        assertThrows(InterruptedIOException.class, () -> child.fromChild(3).read());
        assertTrue(System.nanoTime() - begin < 5_000_000_000L);
        child.kill(9);
        assertEquals(128 + 9, child.waitFor());
        child.kill(9); // reaped: no signal goes to whatever has the PID now
        assertTrue(ProcessHandle.of(child.pid()).isEmpty(), "no zombie is left");
        child.closePipes();
    }

    @Test
    void aMissingProgramIsAnErrorOfTheSpawn() {
        LinuxException e = assertThrows(LinuxException.class, () -> SpawnedProcess.spawn(
                List.of(dir.resolve("missing").toString()), Map.of(), dir.resolve("stderr"), SYNC_AND_START));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("cannot run " + dir.resolve("missing")), e.getMessage());
    }
}
