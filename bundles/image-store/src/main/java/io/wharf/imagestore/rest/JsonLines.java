package io.wharf.imagestore.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.support.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Progress messages as Docker streams them: one JSON object per line. */
final class JsonLines {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int count;

    /** An operation that reports progress. */
    interface Operation {
        void run(ProgressListener progress) throws IOException;
    }

    /**
     * Runs the operation and answers its progress lines. A failure before the first line is an HTTP error;
     * a later one ends the lines with an error message, as dockerd does once it has started answering.
     */
    static Response collect(Operation operation) throws IOException {
        return run(operation, false);
    }

    /**
     * Runs the operation and answers 200 with its lines whatever happens: a failure, even the first thing that
     * happens, is the last line, as moby's postImagesLoad writes it (the CLI prints it, docker-py raises
     * ImageLoadError from it).
     */
    static Response collectWithErrorsInStream(Operation operation) throws IOException {
        return run(operation, true);
    }

    private static Response run(Operation operation, boolean errorsInStream) throws IOException {
        JsonLines lines = new JsonLines();
        try {
            operation.run(lines::add);
        } catch (EngineException | IOException e) {
            if (lines.isEmpty() && !errorsInStream) {
                throw e;
            }
            lines.add(ProgressMessage.error(e.getMessage()));
        }
        return lines.response();
    }

    synchronized void add(ProgressMessage m) {
        try {
            buffer.write(Json.WITHOUT_NULLS.writeValueAsBytes(m));
            buffer.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            count++;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized boolean isEmpty() {
        return count == 0;
    }

    synchronized Response response() {
        byte[] bytes = buffer.toByteArray();
        return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
