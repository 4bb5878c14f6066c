package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.runtime.ContainerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container whose process is gone while its conmon still drains the output and syncs the log: the status waits
 * for the exit conmon records instead of reporting the unknown exit (255), which an engine adopting the container
 * after a swap of runtime-linux, containers or logging took as the container's own exit code.
 */
class StatusReaderTest {
    private static final String ID = "c0ffee";

    @TempDir
    Path root;
    private ExecRootLayout layout;
    private ExitWatcher exits;
    private ScheduledExecutorService scheduler;
    private Process conmon;

    @BeforeEach
    void exitedContainer() throws Exception {
        layout = new ExecRootLayout(root.resolve("exec"));
        Files.createDirectories(layout.bundle(ID));
        Path stateRoot = root.resolve("runc");
        Files.createDirectories(stateRoot.resolve(ID));
        Files.writeString(stateRoot.resolve(ID).resolve("state.json"), "{}");
        Process init = new ProcessBuilder("true").start();
        init.waitFor();
        Files.writeString(layout.initPidFile(ID), Long.toString(init.pid())); // a process that has ended
        exits = new ExitWatcher(layout.exits(), id -> false);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        metadata = new ContainerMetadata(ID, "runc", "/usr/bin/runc", List.of(), stateRoot.toString(), null, false);
    }

    private ContainerMetadata metadata;

    @AfterEach
    void cleanUp() throws IOException {
        if (conmon != null) {
            conmon.destroyForcibly();
        }
        exits.close();
        scheduler.shutdownNow();
    }

    private StatusReader reader(Duration monitorWait) {
        KnownContainers containers = new KnownContainers(new ObjectMapper(), layout);
        containers.created(new KnownContainers.Container(metadata, true)); // as a new driver adopts it
        return new StatusReader(new ObjectMapper(), layout, containers, exits,
                new ConmonMonitors(layout, exits, scheduler), null, null, monitorWait);
    }

    /** A stand-in for conmon: its command line names the container as {@code -c ID}, as conmon's does. */
    private void conmonRuns() throws IOException {
        conmon = new ProcessBuilder("/bin/sh", "-c", "sleep 60; :", "conmon", "-c", ID).start();
        Files.writeString(layout.conmonPidFile(ID), Long.toString(conmon.pid()));
    }

    private void recordExit(int code) throws IOException {
        Path temp = layout.exits().resolve("." + ID + ".tmp");
        Files.writeString(temp, Integer.toString(code));
        Files.move(temp, layout.exitFile(ID), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aSlowMonitorsExitIsWaitedForWithItsOwnCode() throws Exception {
        conmonRuns();
        scheduler.schedule(() -> {
            recordExit(7); // later than the 2 s the reader once gave conmon
            return null;
        }, 3, TimeUnit.SECONDS);
        ContainerStatus status = reader(Duration.ofSeconds(20)).status(ID);
        assertEquals(ContainerStatus.State.STOPPED, status.state());
        assertEquals(7, status.exitCode());
    }

    @Test
    void aMonitorThatDiedWithoutRecordingGivesTheUnknownExit() throws Exception {
        long start = System.nanoTime();
        ContainerStatus status = reader(Duration.ofSeconds(20)).status(ID);
        assertEquals(ContainerStatus.State.STOPPED, status.state());
        assertEquals(ConmonMonitors.UNKNOWN_EXIT_CODE, status.exitCode());
        assertEquals(0, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), "no wait for a dead monitor");
    }

    @Test
    void aMonitorStillAtWorkAfterTheWaitLeavesTheContainerRunning() throws Exception {
        conmonRuns();
        ContainerStatus status = reader(Duration.ofMillis(500)).status(ID);
        assertEquals(ContainerStatus.State.RUNNING, status.state(), "its exit comes later through awaitExit");
        assertNull(status.exitCode());
        recordExit(3);
        assertEquals(3, reader(Duration.ofMillis(500)).status(ID).exitCode());
    }
}
