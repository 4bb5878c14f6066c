package io.wharf.builder.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.build.BuildStepFailedException;
import io.wharf.api.progress.ProgressListener;
import io.wharf.support.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs a build on its own thread and streams its output as JSON lines while it runs. A failure before the first
 * line is an HTTP error; a later one ends the stream with Docker's error message, whose {@code errorDetail.code}
 * is a failed RUN's exit code (the CLI exits with it). A client that goes away cancels the build.
 */
final class BuildStream {
    private static final byte[] EOL = "\r\n".getBytes(StandardCharsets.US_ASCII);

    @FunctionalInterface
    interface Operation {
        void run(ProgressListener output, CompletionStage<Void> cancelled) throws Exception;
    }

    private record End(Throwable failure) {
    }

    /** Docker's error line: {@code {"errorDetail":{"code":3,"message":"..."},"error":"..."}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorLine(@JsonProperty("errorDetail") Detail errorDetail, @JsonProperty("error") String error) {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Detail(@JsonProperty("code") Integer code, @JsonProperty("message") String message) {
        }

        static ErrorLine of(Throwable failure) {
            Throwable cause = failure;
            while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            Integer code = cause instanceof BuildStepFailedException f ? f.code() : null;
            return new ErrorLine(new Detail(code, message), message);
        }
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

    private BuildStream() {
    }

    static BuildStream start(Operation operation) {
        BuildStream stream = new BuildStream();
        CompletableFuture<Void> firstOrEnd = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            Throwable failure = null;
            try {
                operation.run(m -> {
                    stream.queue.add(m);
                    firstOrEnd.complete(null);
                }, stream.cancelled);
            } catch (Throwable t) {
                failure = t;
            }
            stream.queue.add(new End(failure));
            if (failure != null && stream.queue.size() == 1) {
                firstOrEnd.completeExceptionally(failure); // nothing said yet: an HTTP error
            } else {
                firstOrEnd.complete(null);
            }
        }, "wharf-build");
        worker.setDaemon(true);
        worker.start();
        firstOrEnd.join();
        return stream;
    }

    void writeTo(OutputStream out) throws IOException {
        try {
            while (true) {
                Object item = queue.take();
                if (item instanceof End end) {
                    if (end.failure() != null) {
                        write(out, ErrorLine.of(end.failure()));
                    }
                    out.flush();
                    return;
                }
                write(out, item);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) { // the REST layer noticed the client went away
            cancelled.complete(null);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (IOException | RuntimeException e) { // the client went away while we wrote
            cancelled.complete(null);
            throw e;
        }
    }

    private static void write(OutputStream out, Object message) throws IOException {
        // one write per line: a line split over two HTTP chunks breaks docker-py's json_stream, which decodes a
        // trailing chunk holding only the line end as a message
        byte[] json = Json.WITHOUT_NULLS.writeValueAsBytes(message);
        byte[] line = java.util.Arrays.copyOf(json, json.length + EOL.length);
        System.arraycopy(EOL, 0, line, json.length, EOL.length);
        out.write(line);
    }
}
