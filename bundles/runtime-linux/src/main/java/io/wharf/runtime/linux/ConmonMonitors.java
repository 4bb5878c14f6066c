package io.wharf.runtime.linux;

import io.wharf.api.runtime.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container exits as conmon records them, and what stands in for conmon when it is gone: a container adopted
 * after a restart whose monitor died still gets an exit, so waiting for it never hangs.
 */
final class ConmonMonitors {
    /** Exit code recorded for a container whose monitor died without recording one. */
    static final int UNKNOWN_EXIT_CODE = 255;

    private static final Logger LOG = LoggerFactory.getLogger(ConmonMonitors.class);

    private final ExecRootLayout layout;
    private final ExitWatcher exits;
    private final ScheduledExecutorService scheduler;

    ConmonMonitors(ExecRootLayout layout, ExitWatcher exits, ScheduledExecutorService scheduler) {
        this.layout = layout;
        this.exits = exits;
        this.scheduler = scheduler;
    }

    /** The container's exit; the first wait for an adopted container checks that its monitor still lives. */
    CompletableFuture<ExitStatus> awaitExit(KnownContainers.Container c) {
        CompletableFuture<ExitStatus> exit = exits.await(c.id);
        if (!exit.isDone() && c.adopted && !c.monitorChecked) {
            c.monitorChecked = true;
            watchOrphan(c.id);
        }
        return exit;
    }

    /** Whether the container's conmon runs: its PID from conmon.pid, confirmed by its command line. */
    boolean alive(String id) {
        long pid = PidFiles.read(layout.conmonPidFile(id));
        if (pid <= 0) {
            return false;
        }
        try {
            String[] args = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-c") && args[i + 1].equals(id)) {
                    return true;
                }
            }
            return false; // a recycled PID
        } catch (IOException e) {
            return false;
        }
    }

    /** After a forced delete conmon still writes the exit file; wait so that nothing is left behind. */
    void awaitMonitorExit(String id) {
        for (int i = 0; i < 200 && alive(id); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * An adopted container whose conmon is gone will never get an exit file from it: record one when its process
     * ends (at once if it already has), so awaitExit still completes.
     */
    private void watchOrphan(String id) {
        if (alive(id)) {
            return;
        }
        long pid = PidFiles.read(layout.initPidFile(id));
        LOG.warn("the monitor of container {} is gone; its exit code will be recorded as {}", id, UNKNOWN_EXIT_CODE);
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (PidFiles.running(pid) && exits.read(id) == null) {
                    scheduler.schedule(this, 1, TimeUnit.SECONDS);
                } else if (exits.read(id) == null) {
                    writeExitFile(id, UNKNOWN_EXIT_CODE);
                }
            }
        };
        scheduler.execute(check);
    }

    private void writeExitFile(String id, int code) {
        try {
            Path temp = layout.exits().resolve("." + id + ".tmp");
            Files.writeString(temp, Integer.toString(code));
            Files.move(temp, layout.exitFile(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("cannot record the exit of container {}: {}", id, e.toString());
        }
    }
}
