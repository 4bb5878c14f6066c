package io.wharf.log.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The FIFOs through which log plugins receive containers' entries, one per container run, in one folder. */
public final class Fifos {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Path dir;
    private final long openTimeoutMillis;

    public Fifos(Path dir) {
        this(dir, 10_000);
    }

    Fifos(Path dir, long openTimeoutMillis) {
        this.dir = dir;
        this.openTimeoutMillis = openTimeoutMillis;
    }

    /** A new FIFO with a random name (moby's are random too), readable and writable by root only. */
    Path create() throws IOException {
        return create(dir);
    }

    /** As {@link #create()}, in {@code dir} (a managed plugin's, which wharfd owns and binds read-only into it). */
    Path create(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Path fifo = dir.resolve(HexFormat.of().formatHex(id));
        Process p = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making " + fifo, e);
        }
        return fifo;
    }

    /**
     * Starts opening the FIFO for writing, which waits for the plugin to open it for reading: a plugin may do so
     * inside StartLogging (Docker's examples do, and dockerd's open is already pending then) or after it answered.
     */
    Writer startOpening(Path fifo) {
        CompletableFuture<OutputStream> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                // neither create, truncate nor follow a link: a plugin that swapped the FIFO gets no host file
                opening.complete(Files.newOutputStream(fifo, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | RuntimeException e) {
                opening.completeExceptionally(e);
            }
        }, "wharf-log-fifo-open");
        opener.setDaemon(true);
        opener.start();
        return new Writer(fifo, opening);
    }

    /** A write end being opened. */
    final class Writer {
        private final Path fifo;
        private final CompletableFuture<OutputStream> opening;

        private Writer(Path fifo, CompletableFuture<OutputStream> opening) {
            this.fifo = fifo;
            this.opening = opening;
        }

        /** The open write end; a plugin that does not open the read end within the timeout fails the start. */
        OutputStream await() throws IOException {
            try {
                return opening.get(openTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                abandon();
                throw new IOException("the plugin did not open " + fifo + " for reading within "
                        + openTimeoutMillis / 1000.0 + " s");
            } catch (ExecutionException e) {
                throw new IOException("cannot open " + fifo + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon();
                throw new IOException("interrupted opening " + fifo, e);
            }
        }

        /** Ends a pending open (by opening the read end here) and closes what it opened. */
        void abandon() {
            if (!opening.isDone()) {
                try (InputStream release = Files.newInputStream(fifo, LinkOption.NOFOLLOW_LINKS)) {
                    opening.join().close();
                } catch (IOException | RuntimeException ignored) {
                    // the opener failed or the FIFO went: nothing stays open
                }
            } else if (!opening.isCompletedExceptionally()) {
                try {
                    opening.join().close();
                } catch (IOException ignored) {
                    // closing a pipe's write end
                }
            }
        }
    }

    void delete(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException ignored) {
            // a FIFO left in the exec root holds nothing and is gone at the next boot
        }
    }
}
