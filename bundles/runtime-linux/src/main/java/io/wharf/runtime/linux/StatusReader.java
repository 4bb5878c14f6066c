package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A container's state: for runc from its files (no process spawned), for other runtimes from {@code state}. */
final class StatusReader {
    private static final ContainerStatus GONE = new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
    private static final long POLL_MS = 100;

    private final ObjectMapper json;
    private final ExecRootLayout layout;
    private final KnownContainers containers;
    private final ExitWatcher exits;
    private final ConmonMonitors monitors;
    private final RuntimeCli cli;
    private final Cgroups cgroups;
    private final Duration monitorWait;

    StatusReader(ObjectMapper json, ExecRootLayout layout, KnownContainers containers, ExitWatcher exits,
                 ConmonMonitors monitors, RuntimeCli cli, Cgroups cgroups) {
        this(json, layout, containers, exits, monitors, cli, cgroups, Duration.ofSeconds(10));
    }

    /** @param monitorWait how long a living conmon is given to record an exit before the container counts as running */
    StatusReader(ObjectMapper json, ExecRootLayout layout, KnownContainers containers, ExitWatcher exits,
                 ConmonMonitors monitors, RuntimeCli cli, Cgroups cgroups, Duration monitorWait) {
        this.monitorWait = monitorWait;
        this.json = json;
        this.layout = layout;
        this.containers = containers;
        this.exits = exits;
        this.monitors = monitors;
        this.cli = cli;
        this.cgroups = cgroups;
    }

    ContainerStatus status(String id) throws IOException {
        KnownContainers.Container c = containers.find(id);
        if (c == null) {
            return GONE;
        }
        ExitStatus exit = exits.read(id);
        if (exit != null) {
            return stopped(exit);
        }
        if (!c.runtime.isRunc()) {
            return statusFromRuntime(c);
        }
        // runc's own rules (libcontainer's currentStatus), from files: no process spawn.
        Path state = c.runtime.stateRoot().resolve(id);
        if (!Files.exists(state.resolve("state.json"))) {
            return GONE;
        }
        long pid = PidFiles.read(layout.initPidFile(id));
        if (Files.exists(state.resolve("exec.fifo"))) {
            return new ContainerStatus(ContainerStatus.State.CREATED, pid, null, false);
        }
        if (PidFiles.running(pid)) {
            ContainerStatus.State s = cgroups.frozen(c.metadata.cgroupsPath())
                    ? ContainerStatus.State.PAUSED : ContainerStatus.State.RUNNING;
            return new ContainerStatus(s, pid, null, false);
        }
        return exitOnceRecorded(c, pid);
    }

    /**
     * The process is gone and conmon records its exit once it has drained the output and synced the log, which
     * on a busy host takes seconds: wait while conmon lives rather than guess. A conmon that died without an exit
     * file gives the unknown exit; one still at work after the wait leaves the container running, its exit to
     * come through {@code awaitExit} with its own code (an engine adopting it after a swap once took 255 here).
     */
    private ContainerStatus exitOnceRecorded(KnownContainers.Container c, long pid) throws IOException {
        CompletableFuture<ExitStatus> exit = monitors.awaitExit(c);
        long deadline = System.nanoTime() + monitorWait.toNanos();
        try {
            while (true) {
                try {
                    return stopped(exit.get(POLL_MS, TimeUnit.MILLISECONDS));
                } catch (TimeoutException notYet) {
                    if (!monitors.alive(c.id)) { // checked before the file: conmon writes it, then exits
                        ExitStatus recorded = exits.read(c.id);
                        return recorded != null ? stopped(recorded) : unknownExit();
                    }
                    if (System.nanoTime() > deadline) {
                        return new ContainerStatus(ContainerStatus.State.RUNNING, pid, null, false);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            return unknownExit();
        }
    }

    private ContainerStatus statusFromRuntime(KnownContainers.Container c) throws IOException {
        RuntimeCli.Result result = cli.run(c.runtime, null, true, "state", c.id);
        if (!result.ok()) {
            return GONE;
        }
        JsonNode state = json.readTree(result.stdout());
        long pid = state.path("pid").asLong();
        return switch (state.path("status").asText()) {
            case "created" -> new ContainerStatus(ContainerStatus.State.CREATED, pid, null, false);
            case "running" -> new ContainerStatus(ContainerStatus.State.RUNNING, pid, null, false);
            case "paused" -> new ContainerStatus(ContainerStatus.State.PAUSED, pid, null, false);
            default -> exitOnceRecorded(c, pid);
        };
    }

    private static ContainerStatus stopped(ExitStatus exit) {
        return new ContainerStatus(ContainerStatus.State.STOPPED, 0, exit.exitCode(), exit.oomKilled());
    }

    private static ContainerStatus unknownExit() {
        return new ContainerStatus(ContainerStatus.State.STOPPED, 0, ConmonMonitors.UNKNOWN_EXIT_CODE, false);
    }
}
