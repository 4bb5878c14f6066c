package io.wharf.rest;

import java.io.IOException;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Bounds the request bodies endpoints read whole (the JSON of create endpoints, exec start, commit's config) at
 * {@link #MAX_BODY}, so that one request cannot take the heap. Uploads that are streamed to disk (load, import,
 * {@code cp} into a container, build contexts) are not bounded. Reading past the limit fails, and the answer is a
 * 413 in Docker's shape; a declared length past {@link #MAX_DISCARDED} is answered so at once. Streamed uploads
 * are read {@linkplain PatientUploadReads patiently} instead.
 */
final class RequestBodyLimit extends Handler.Wrapper {
    /** The kernel takes at most 2 MiB of arguments and environment (ARG_MAX); a container config is less. */
    static final long MAX_BODY = 4L << 20;
    /**
     * Past the limit the rest of a body is read and dropped, up to this much, before the failure: clients that
     * write the whole body before reading (Go's, the docker CLI's) would otherwise see a broken pipe instead of
     * the answer. A longer body gets the failure at once and loses its connection.
     */
    static final long MAX_DISCARDED = 64L << 20;
    private static final Pattern STREAMED = Pattern.compile(
            "/images/load|/images/create|/containers/[^/]+/archive|/build|/plugins/create");

    RequestBodyLimit(Handler next) {
        super(next);
    }

    /** The failure of reading a body past the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("the request body exceeds the limit of " + MAX_BODY + " bytes");
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (STREAMED.matcher(request.getHttpURI().getPath()).matches()) {
            return super.handle(new PatientUploadReads(request), response, callback);
        }
        if (request.getLength() > MAX_DISCARDED) {
            JsonErrors.write(request, response, callback, 413, new TooLarge().getMessage());
            return true;
        }
        return super.handle(new Limited(request), response, callback);
    }

    private static final class Limited extends Request.Wrapper {
        private long read;
        private Content.Chunk failure;

        Limited(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            while (true) {
                Content.Chunk chunk = super.read();
                if (chunk == null || Content.Chunk.isFailure(chunk)) {
                    return chunk; // nothing yet: the reader demands and comes back
                }
                read += chunk.remaining();
                if (read <= MAX_BODY) {
                    return chunk;
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (last || read > MAX_DISCARDED) {
                    failure = Content.Chunk.from(new TooLarge(), true);
                    return failure;
                }
            }
        }
    }
}
