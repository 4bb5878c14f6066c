package io.wharf.support;

import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs a long operation (pull, push) and streams its progress messages as JSON lines while it runs, as dockerd's
 * WriteFlusher does: a failure before the first message is an ordinary HTTP error (so the CLI prints
 * "Error response from daemon: ..."), a failure after it is an error message at the end of the stream. Free of
 * JAX-RS so that every bundle can embed it: a resource answers {@code Response.ok((StreamingOutput) s::writeTo)}.
 */
public final class ProgressStream {
    private static final byte[] EOL = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The operation to run; it reports through the listener it is given. */
    @FunctionalInterface
    public interface Operation {
        void run(ProgressListener listener) throws Exception;
    }

    private record End(Throwable failure) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    private ProgressStream() {
    }

    /**
     * Starts the operation on its own thread and returns once it has said something or ended. A failure before
     * the first message leaves as a CompletionException: the REST layer's error mapper finds the EngineException
     * in it, or answers 500 with its message.
     */
    public static ProgressStream start(String threadName, Operation operation) {
        ProgressStream stream = new ProgressStream();
        CompletableFuture<Void> firstOrEnd = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            Throwable failure = null;
            try {
                operation.run(m -> {
                    stream.queue.add(m);
                    firstOrEnd.complete(null);
                });
            } catch (Throwable t) {
                failure = t;
            }
            stream.queue.add(new End(failure));
            if (failure != null && stream.queue.size() == 1) {
                firstOrEnd.completeExceptionally(failure); // nothing was said yet: an HTTP error
            } else {
                firstOrEnd.complete(null);
            }
        }, threadName);
        worker.setDaemon(true);
        worker.start();
        firstOrEnd.join();
        return stream;
    }

    /** Writes the messages as they come until the operation ends; call once. */
    public void writeTo(OutputStream out) throws IOException {
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            if (item instanceof End end) {
                if (end.failure() != null) {
                    write(out, ProgressMessage.error(messageOf(end.failure())));
                }
                out.flush();
                return;
            }
            write(out, (ProgressMessage) item);
            if (queue.isEmpty()) {
                out.flush(); // batch bursts, but never sit on a message
            }
        }
    }

    private static void write(OutputStream out, ProgressMessage m) throws IOException {
        // one write per line: a line split over two HTTP chunks breaks docker-py's json_stream, which decodes a
        // trailing chunk holding only the line end as a message
        byte[] json = Json.WITHOUT_NULLS.writeValueAsBytes(m);
        byte[] line = java.util.Arrays.copyOf(json, json.length + EOL.length);
        System.arraycopy(EOL, 0, line, json.length, EOL.length);
        out.write(line);
    }

    private static String messageOf(Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
