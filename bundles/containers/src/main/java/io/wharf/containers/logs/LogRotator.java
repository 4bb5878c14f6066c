package io.wharf.containers.logs;

import io.wharf.support.LogDriverOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's max-size/max-file/compress for logs that conmon writes. conmon (2.1, no rotation of its own) is started
 * with {@code --log-size-max}: at that size it renames {@code .tmp} over the live file. This class keeps each live
 * file under a generation name and links the next generation's empty file as that {@code .tmp} ahead of time
 * (see {@link LogFiles}), so the full file survives the rename; then it deletes generations beyond max-file and
 * gzips rotated ones. It reacts to conmon's rename through inotify (a WatchService on the container's folder)
 * and never touches the bytes conmon writes, so a fast writer cannot stall the daemon.
 *
 * <p>While wharfd is down conmon keeps writing and renaming: the prepared file and the live one at the time stay
 * linked, later full files are replaced by conmon's own rename (lines lost, disk bounded by about
 * (max-file + 1) x max-size), and the next {@link #watch} after the restart applies max-file again.
 */
public final class LogRotator implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogRotator.class);
    /** A missed event (queue overflow) costs at most this long. */
    private static final long RESCAN_SECONDS = 5;

    private final WatchService watcher;
    private final Executor compressor;
    private final Map<WatchKey, Rotation> byKey = new ConcurrentHashMap<>();
    private final Map<String, Rotation> byId = new ConcurrentHashMap<>();
    private final Thread thread;
    /** The JDK's thread that reads this watcher's inotify events (the ones that appeared with it). */
    private final Set<String> inotifyReaders;

    /** @param compressor runs the gzip of rotated files, off the watcher's thread */
    public LogRotator(Executor compressor) throws IOException {
        Set<String> others = watcherThreads();
        this.watcher = FileSystems.getDefault().newWatchService();
        this.inotifyReaders = watcherThreads();
        inotifyReaders.removeAll(others);
        this.compressor = compressor;
        this.thread = new Thread(this::run, "wharf-log-rotator");
        thread.setDaemon(true);
        thread.start();
    }

    /** As {@link #watch(String, Path, LogDriverOptions)} for a container's stored log configuration. */
    public void watch(String id, Path live, String driver, Map<String, String> opts) {
        LogDriverOptions options;
        try {
            options = LogDriverOptions.parse(driver, opts, LogDriverOptions::isPlugin);
        } catch (IllegalArgumentException e) {
            return; // created before log options were checked: its monitor does not rotate either
        }
        watch(id, live, options);
    }

    /** Starts rotating a container's log (again, after a restart of the container or of the daemon). */
    public void watch(String id, Path live, LogDriverOptions options) {
        if (!options.rotates()) {
            return;
        }
        Rotation r = byId.compute(id, (k, old) -> old != null && old.files.live().equals(live)
                && old.options.equals(options) ? old : new Rotation(new LogFiles(live), options));
        try {
            WatchKey key = live.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE);
            byKey.put(key, r);
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.warn("cannot watch the log of {}; it is not rotated: {}", id, e.toString());
            return;
        }
        sync(r);
    }

    /**
     * Hands each file that becomes live from now on to {@code next}, opened, in order, on the rotator's thread (it
     * must not block). Returns null when the container's log is not rotated; close the result to stop.
     */
    public AutoCloseable follow(String id, Consumer<LogSegment> next) {
        Rotation r = byId.get(id);
        if (r == null) {
            return null;
        }
        r.followers.add(next);
        return () -> r.followers.remove(next);
    }

    /** Syncs one container's files now (the watcher does on each rename of conmon's). */
    void sync(String id) {
        Rotation r = byId.get(id);
        if (r != null) {
            sync(r);
        }
    }

    /** Brings the files in line with what conmon did: link the live file, prepare the next, apply max-file. */
    void sync(Rotation r) {
        synchronized (r) {
            try {
                r.sync();
            } catch (IOException | RuntimeException e) {
                LOG.warn("log rotation of {} failed: {}", r.files.live(), e.toString());
            }
        }
    }

    private void run() {
        raisePriority();
        long lastScan = System.nanoTime();
        while (true) {
            WatchKey key;
            try {
                key = watcher.poll(RESCAN_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key != null) {
                Rotation r = byKey.get(key);
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= r != null && r.concerns(event);
                }
                if (!key.reset()) {
                    byKey.remove(key); // the folder is gone: the container was removed
                    if (r != null) {
                        byId.values().remove(r);
                    }
                } else if (relevant) {
                    sync(r);
                }
            }
            if (System.nanoTime() - lastScan > TimeUnit.SECONDS.toNanos(RESCAN_SECONDS)) {
                lastScan = System.nanoTime();
                byId.values().forEach(this::sync);
            }
        }
    }

    /**
     * conmon's rollover leaves this thread the time it takes to fill one file (milliseconds for a fast writer and a
     * small max-size) to prepare the next: it and the JDK's inotify reader that wakes it run at the lowest
     * real-time priority (chrt), so that they preempt ordinary threads. Their work per event is a few system calls.
     */
    private void raisePriority() {
        try {
            List<String> tids = new ArrayList<>(inotifyReaders);
            tids.add(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            for (String tid : tids) {
                Process chrt = new ProcessBuilder("chrt", "-f", "-p", "1", tid).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (chrt.waitFor() != 0) {
                    LOG.info("log rotation runs at normal priority (chrt failed): fast writers may lose lines");
                    return;
                }
            }
        } catch (IOException e) {
            LOG.info("log rotation runs at normal priority: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The IDs of the JDK's watch service threads in this process. */
    private static Set<String> watcherThreads() {
        Set<String> tids = new java.util.HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("FileSystemWatch")) {
                        tids.add(task.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list threads: {}", e.toString());
        }
        return tids;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing only wakes the thread
        }
    }

    /** One container's rotation state; guarded by its own monitor. */
    final class Rotation {
        final LogFiles files;
        final LogDriverOptions options;
        final List<Consumer<LogSegment>> followers = new CopyOnWriteArrayList<>();
        private final Set<Long> compressing = ConcurrentHashMap.newKeySet();
        private long liveGeneration = -1;

        Rotation(LogFiles files, LogDriverOptions options) {
            this.files = files;
            this.options = options;
        }

        boolean concerns(WatchEvent<?> event) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                return true;
            }
            Path name = (Path) event.context();
            return name.equals(files.live().getFileName()) || name.equals(files.prepared().getFileName());
        }

        void sync() throws IOException {
            TreeMap<Long, Path> generations = files.generations();
            long live = files.liveGeneration(generations);
            if (live < 0) {
                if (!Files.exists(files.live())) {
                    return; // not started yet
                }
                live = generations.isEmpty() ? 1 : generations.lastKey() + 1;
                try {
                    Files.createLink(files.generation(live), files.live());
                } catch (FileAlreadyExistsException | NoSuchFileException e) {
                    return; // conmon moved on meanwhile: the event of that comes next
                }
                generations.put(live, files.generation(live));
                keepPreparedLast(generations, live);
            }
            announce(generations, live);
            prepareNext(generations);
            retain(generations, live);
        }

        /**
         * conmon wrote a file of its own (the rotator was late) and it was just numbered above the file prepared
         * meanwhile, which conmon will use after it: the prepared one moves above, since generation numbers are the
         * order of the lines. Renaming the engine's own name of a file does not disturb conmon.
         */
        private void keepPreparedLast(TreeMap<Long, Path> generations, long live) throws IOException {
            Object preparedKey = LogFiles.key(files.prepared());
            for (Map.Entry<Long, Path> g : new ArrayList<>(generations.headMap(live, false).entrySet())) {
                Object key = LogFiles.isCompressed(g.getValue()) ? null : LogFiles.key(g.getValue());
                if (key != null && key.equals(preparedKey)) {
                    Files.move(g.getValue(), files.generation(live + 1), StandardCopyOption.ATOMIC_MOVE);
                    generations.remove(g.getKey());
                    generations.put(live + 1, files.generation(live + 1));
                    return;
                }
            }
        }

        /** Followers get the files that became live since the last sync, in order, before any is deleted. */
        private void announce(TreeMap<Long, Path> generations, long live) throws IOException {
            long previous = liveGeneration;
            liveGeneration = live;
            if (previous < 0 || live <= previous || followers.isEmpty()) {
                return;
            }
            for (Map.Entry<Long, Path> g : generations.subMap(previous, false, live, true).entrySet()) {
                for (Consumer<LogSegment> follower : followers) {
                    LogSegment segment = LogSegment.open(g.getValue(), g.getKey());
                    if (segment != null) {
                        follower.accept(segment);
                    }
                }
            }
        }

        /**
         * A new empty generation, numbered above every other, linked where conmon will open its next file. Never an
         * existing file: conmon truncates what it opens there, and the live file may have moved on since it was
         * looked at.
         */
        private void prepareNext(TreeMap<Long, Path> generations) throws IOException {
            if (Files.exists(files.prepared())) {
                return;
            }
            long n = generations.isEmpty() ? 1 : generations.lastKey() + 1;
            Path next;
            while (true) {
                next = files.generation(n);
                try {
                    Files.createFile(next, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-r-----")));
                    break;
                } catch (FileAlreadyExistsException e) {
                    n++;
                }
            }
            try {
                Files.createLink(files.prepared(), next);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(next); // conmon opened its own .tmp meanwhile; the next round prepares again
            }
        }

        /** Keeps max-file - 1 rotated generations besides the live one, gzipped when asked. */
        private void retain(TreeMap<Long, Path> generations, long live) throws IOException {
            List<Long> rotated = new ArrayList<>(generations.headMap(live, false).keySet());
            int excess = rotated.size() - (options.maxFile() - 1);
            for (int i = 0; i < rotated.size(); i++) {
                long g = rotated.get(i);
                if (i < excess) {
                    Files.deleteIfExists(files.generation(g));
                    Files.deleteIfExists(files.compressed(g));
                } else if (options.compress() && !LogFiles.isCompressed(generations.get(g))
                        && compressing.add(g)) {
                    compressor.execute(() -> compress(g));
                }
            }
        }

        private void compress(long g) {
            Path plain = files.generation(g);
            Path tmp = files.compressed(g).resolveSibling(files.compressed(g).getFileName() + ".tmp");
            try (InputStream in = Files.newInputStream(plain);
                 OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                in.transferTo(out);
            } catch (NoSuchFileException e) {
                compressing.remove(g); // deleted by max-file meanwhile
                return;
            } catch (IOException e) {
                LOG.warn("cannot compress {}: {}", plain, e.toString());
                compressing.remove(g);
                return;
            }
            try {
                Files.move(tmp, files.compressed(g), StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(plain);
            } catch (IOException e) {
                LOG.warn("cannot compress {}: {}", plain, e.toString());
            } finally {
                compressing.remove(g);
            }
        }
    }
}
