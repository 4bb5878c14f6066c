package io.wharf.runtime.linux;

import io.wharf.api.runtime.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes exit futures when conmon writes {@code <exit-dir>/<id>}. One WatchService (inotify) and one thread
 * serve every container. conmon writes the file atomically (write to a temporary name, rename), so a file
 * under the container's name is always complete.
 */
final class ExitWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);

    private final Path exitDir;
    private final Predicate<String> oomKilled;
    private final WatchService watcher;
    private final ConcurrentMap<String, CompletableFuture<ExitStatus>> pending = new ConcurrentHashMap<>();
    private final Thread thread;

    /** @param oomKilled tells, at exit time, whether the container's cgroup saw an OOM kill */
    ExitWatcher(Path exitDir, Predicate<String> oomKilled) throws IOException {
        this.exitDir = Files.createDirectories(exitDir);
        this.oomKilled = oomKilled;
        this.watcher = FileSystems.getDefault().newWatchService();
        exitDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        thread = new Thread(this::run, "wharf-exit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** The exit of {@code id}; completes at once when its exit file is already there. */
    CompletableFuture<ExitStatus> await(String id) {
        CompletableFuture<ExitStatus> future = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
        // Registered first, checked second: an exit between the two is seen by one or the other.
        tryComplete(id);
        return future;
    }

    /** The exit recorded for {@code id}, or null while it runs. */
    ExitStatus read(String id) {
        Path file = exitDir.resolve(id);
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            if (text.isEmpty()) {
                return null;
            }
            int code = Integer.parseInt(text);
            return new ExitStatus(code, oomKilled.test(id), Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("unreadable exit file {}: {}", file, e.toString());
            return null;
        }
    }

    /** Forgets a deleted container; a caller still waiting gets its exit if it is known. */
    void forget(String id) {
        CompletableFuture<ExitStatus> future = pending.remove(id);
        if (future != null && !future.isDone()) {
            ExitStatus status = read(id);
            if (status != null) {
                future.complete(status);
            } else {
                future.completeExceptionally(new IOException("container " + id + " was deleted before it exited"));
            }
        }
    }

    private void tryComplete(String id) {
        CompletableFuture<ExitStatus> future = pending.get(id);
        if (future == null || future.isDone()) {
            return;
        }
        ExitStatus status = read(id);
        if (status != null) {
            future.complete(status);
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            List<WatchEvent<?>> events = key.pollEvents();
            for (WatchEvent<?> event : events) {
                try {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        pending.keySet().forEach(this::tryComplete);
                    } else if (event.context() instanceof Path name) {
                        tryComplete(name.toString());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("exit watcher: {}", e.toString(), e);
                }
            }
            if (!key.reset()) {
                LOG.error("the exit directory {} is gone: container exits are no longer noticed", exitDir);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
