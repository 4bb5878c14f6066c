package io.wharf.imagestore.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.support.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Streams a pull's progress while it runs. A failure before the first message is an HTTP error (the CLI
 * prints "Error response from daemon: ..."); later ones end the stream with an error message.
 */
final class PullStream {
    private record End(Throwable failure) {
    }

    /** The pull itself, reporting to the listener. */
    interface Operation {
        void run(ProgressListener listener) throws Exception;
    }

    static Response run(Operation operation) {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            Throwable failure = null;
            try {
                operation.run(m -> {
                    queue.add(m);
                    started.complete(null);
                });
            } catch (Throwable t) {
                failure = t;
            }
            boolean silent = queue.isEmpty();
            queue.add(new End(failure));
            if (failure != null && silent) {
                started.completeExceptionally(failure);
            } else {
                started.complete(null);
            }
        }, "wharf-pull");
        worker.setDaemon(true);
        worker.start();
        try {
            started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException ee) {
                throw ee;
            }
            throw EngineException.system(messageOf(cause), cause);
        }
        StreamingOutput body = out -> {
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
                        writeLine(out, ProgressMessage.error(messageOf(end.failure())));
                    }
                    out.flush();
                    return;
                }
                writeLine(out, (ProgressMessage) item);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static void writeLine(OutputStream out, ProgressMessage m) throws IOException {
        out.write(Json.WITHOUT_NULLS.writeValueAsBytes(m));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
