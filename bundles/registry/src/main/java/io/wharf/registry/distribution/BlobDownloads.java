package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads blobs into a spool folder, at most {@code maxConcurrent} at a time across all pulls. The compressed
 * stream is hashed as it arrives and a blob whose bytes do not match its digest is deleted and fails the pull.
 * A dropped connection is retried with a Range request from the bytes already spooled. Pulls that need the
 * same blob at the same time share one download; the file goes when the last of them releases it.
 *
 * <p>Layers are spooled rather than extracted straight from the socket because extraction must go in chain
 * order while downloads run in parallel, and because a spooled prefix is what makes resuming possible.
 */
public final class BlobDownloads {
    private static final Logger LOG = LoggerFactory.getLogger(BlobDownloads.class);
    /** dockerd's default max-download-attempts. */
    public static final int DEFAULT_ATTEMPTS = 5;
    private static final int BUFFER = 128 * 1024;

    private final RegistryTransport transport;
    private final Path spoolDir;
    private final Semaphore slots;
    private final ExecutorService executor;
    private final long retryDelayMs;
    private final int maxAttempts;
    private final Map<Digest, Shared> running = new HashMap<>();

    /** Someone waiting for a blob: where its progress lines go. */
    private record Watcher(Progress progress, String id) {
    }

    private final class Shared {
        final Digest digest;
        final CompletableFuture<Path> done = new CompletableFuture<>();
        final List<Watcher> watchers = new CopyOnWriteArrayList<>();
        int references;

        Shared(Digest digest) {
            this.digest = digest;
        }
    }

    /** One pull's claim on a download. */
    public final class Handle {
        private final Shared shared;
        private boolean released;

        private Handle(Shared shared) {
            this.shared = shared;
        }

        public CompletableFuture<Path> file() {
            return shared.done;
        }

        public void release() {
            synchronized (BlobDownloads.this) {
                if (released) {
                    return;
                }
                released = true;
                if (--shared.references == 0) {
                    if (running.get(shared.digest) == shared) {
                        running.remove(shared.digest);
                    }
                    shared.done.thenAccept(BlobDownloads::deleteQuietly);
                }
            }
        }
    }

    public BlobDownloads(RegistryTransport transport, Path spoolDir, int maxConcurrent, ExecutorService executor,
                         long retryDelayMs) throws IOException {
        this(transport, spoolDir, maxConcurrent, executor, retryDelayMs, DEFAULT_ATTEMPTS);
    }

    /** @param maxAttempts how often a broken blob download is tried in all (daemon.json max-download-attempts) */
    public BlobDownloads(RegistryTransport transport, Path spoolDir, int maxConcurrent, ExecutorService executor,
                         long retryDelayMs, int maxAttempts) throws IOException {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.transport = transport;
        this.spoolDir = spoolDir;
        this.slots = new Semaphore(Math.max(1, maxConcurrent), true);
        this.executor = executor;
        this.retryDelayMs = retryDelayMs;
        Files.createDirectories(spoolDir);
        try (var leftovers = Files.list(spoolDir)) {
            leftovers.forEach(BlobDownloads::deleteQuietly); // spool files of a previous daemon run
        }
    }

    /** Starts (or joins) the download of a layer; progress goes to {@code progress} under the layer's short ID. */
    public Handle download(RegistryEndpoint endpoint, String repository, Descriptor blob, RegistryAuth auth,
                           Progress progress) {
        Shared shared;
        boolean start;
        synchronized (this) {
            shared = running.get(blob.digest());
            start = shared == null || shared.done.isCompletedExceptionally();
            if (start) {
                shared = new Shared(blob.digest());
                running.put(blob.digest(), shared);
            }
            shared.references++;
            shared.watchers.add(new Watcher(progress, blob.shortId()));
        }
        if (!start && shared.done.isDone() && !shared.done.isCompletedExceptionally()) {
            progress.status(blob.shortId(), "Download complete");
        }
        if (start) {
            Shared s = shared;
            executor.execute(() -> run(s, endpoint, repository, blob, auth));
        }
        return new Handle(shared);
    }

    private void run(Shared shared, RegistryEndpoint endpoint, String repository, Descriptor blob, RegistryAuth auth) {
        try {
            if (!slots.tryAcquire()) {
                each(shared, w -> w.progress().status(w.id(), "Waiting"));
                slots.acquire();
            }
            try {
                Path file = fetch(shared, endpoint, repository, blob, auth);
                shared.done.complete(file);
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shared.done.completeExceptionally(new InterruptedIOException("download interrupted"));
        } catch (Throwable e) {
            shared.done.completeExceptionally(e);
        }
        if (shared.done.isCompletedExceptionally()) {
            synchronized (this) {
                if (running.get(shared.digest) == shared) {
                    running.remove(shared.digest); // the next pull starts afresh
                }
            }
        }
    }

    private Path fetch(Shared shared, RegistryEndpoint endpoint, String repository, Descriptor blob,
                       RegistryAuth auth) throws IOException, InterruptedException {
        if (blob.size() < 0) {
            throw EngineException.invalid("the manifest gives no size for layer %s", blob.digest());
        }
        Path file = Files.createTempFile(spoolDir, blob.digest().hex() + "-", ".part");
        boolean ok = false;
        try {
            MessageDigest sha = Digest.newSha256();
            long received = 0;
            ProgressThrottle throttle = new ProgressThrottle(blob.size(), System::nanoTime);
            byte[] buffer = new byte[BUFFER];
            for (int attempt = 1; ; attempt++) {
                try (InputStream in = transport.getBlob(endpoint, repository, blob.digest(), received, auth);
                     OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (received + n > blob.size()) { // no more on disk than the descriptor declares
                            throw EngineException.invalid("filesystem layer verification failed for digest %s: the "
                                    + "registry sent more than the %d bytes its descriptor declares", blob.digest(),
                                    blob.size());
                        }
                        out.write(buffer, 0, n);
                        sha.update(buffer, 0, n);
                        received += n;
                        if (throttle.due(received)) {
                            long r = received;
                            each(shared, w -> w.progress().bytes(w.id(), "Downloading", r, blob.size()));
                        }
                    }
                    break;
                } catch (EngineException e) {
                    throw e; // the registry answered: retrying will not change its mind
                } catch (IOException e) {
                    if (attempt >= maxAttempts || Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    LOG.info("download of {} broke after {} bytes ({}); resuming, attempt {}", blob.digest(),
                            received, e.getClass().getSimpleName(), attempt + 1);
                    Thread.sleep(retryDelayMs * attempt);
                }
            }
            long total = received;
            each(shared, w -> w.progress().bytes(w.id(), "Downloading", total, blob.size()));
            each(shared, w -> w.progress().status(w.id(), "Verifying Checksum"));
            Digest actual = Digest.ofSha256(sha);
            if (!actual.equals(blob.digest()) || received != blob.size()) {
                throw EngineException.invalid("filesystem layer verification failed for digest %s", blob.digest());
            }
            each(shared, w -> w.progress().status(w.id(), "Download complete"));
            ok = true;
            return file;
        } finally {
            if (!ok) {
                deleteQuietly(file);
            }
        }
    }

    private static void each(Shared shared, java.util.function.Consumer<Watcher> action) {
        for (Watcher w : shared.watchers) {
            action.accept(w);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.toString());
        }
    }
}
