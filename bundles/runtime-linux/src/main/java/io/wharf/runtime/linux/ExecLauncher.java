package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.archive.DirectoryTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs exec processes in a container, each under a conmon of its own that reports the exit code over the sync
 * pipe; the exec's files are removed when it ends.
 */
final class ExecLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ExecLauncher.class);

    private final ObjectMapper json;
    private final ExecRootLayout layout;
    private final KnownContainers containers;
    private final OciSpecGenerator specs;
    private final Conmon conmon;
    private final TerminalResizer resizer;
    private final Executor waiters;

    /** @param waiters runs one blocking wait for each exec's exit */
    ExecLauncher(ObjectMapper json, ExecRootLayout layout, KnownContainers containers, OciSpecGenerator specs,
                 Conmon conmon, TerminalResizer resizer, Executor waiters) {
        this.json = json;
        this.layout = layout;
        this.containers = containers;
        this.specs = specs;
        this.conmon = conmon;
        this.resizer = resizer;
        this.waiters = waiters;
    }

    ExecSession exec(String id, ExecSpec spec) throws IOException {
        KnownContainers.Container c = containers.get(id);
        Path dir = layout.execDir(id, spec.execId());
        // createDirectories would fail twice on each missing level first (an exception each): only the first exec
        // of a container lacks the parent
        if (!Files.isDirectory(dir.getParent())) {
            Files.createDirectories(dir.getParent());
        }
        Files.createDirectory(dir);
        Files.createDirectory(dir.resolve("exit"));
        boolean attach = spec.attachOutput() || spec.attachStdin();
        boolean stdin = spec.attachStdin();
        Conmon.ExecLaunch launch;
        try {
            json.writeValue(dir.resolve("process.json").toFile(), specs.execProcess(spec, containers.process(c)));
            launch = conmon.exec(id, spec.execId(), c.runtime, spec.process().terminal(), stdin, attach);
        } catch (IOException | RuntimeException e) {
            removeExecFiles(spec.execId(), dir);
            throw e;
        }
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        waiters.execute(() -> awaitExecExit(spec.execId(), dir, launch, exit));
        ProcessIo io = launch.socket() == null ? null
                : new AttachConnection(launch.socket(), spec.attachStdin(), resizer, dir.resolve("ctl"));
        return new ExecSession(launch.pid(), io, exit);
    }

    void resize(String id, String execId, int height, int width) throws IOException {
        containers.get(id);
        Path ctl = layout.execDir(id, execId).resolve("ctl");
        if (!Files.exists(ctl)) {
            throw EngineException.notFound("No such exec instance: %s", execId);
        }
        resizer.resize(ctl, height, width);
    }

    /** conmon writes the exec's exit code as the last sync message, then exits (EOF). */
    private void awaitExecExit(String execId, Path dir, Conmon.ExecLaunch launch, CompletableFuture<ExitStatus> exit) {
        try (BufferedReader sync = launch.sync()) {
            SyncMessage message = conmon.next(sync, dir);
            exit.complete(new ExitStatus((int) message.data(), false, Instant.now()));
            while (sync.readLine() != null) {
                // wait for conmon to finish
            }
        } catch (IOException | RuntimeException e) {
            exit.completeExceptionally(e);
        } finally {
            removeExecFiles(execId, dir);
        }
    }

    private void removeExecFiles(String execId, Path dir) {
        try {
            Files.deleteIfExists(layout.socketDir(execId));
            DirectoryTrees.delete(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove exec files {}: {}", dir, e.toString());
        }
    }
}
