package io.wharf.rest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /_ping} (GET and HEAD): what clients call first, to learn the API version and the server's traits.
 * Served below Jersey because it depends on nothing else: a client knows the daemon is up as soon as it listens.
 */
final class PingHandler extends Handler.Wrapper {
    private static final ByteBuffer OK = ByteBuffer.wrap("OK".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final RequestMetrics metrics;

    PingHandler(Handler next, RequestMetrics metrics) {
        super(next);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!"/_ping".equals(request.getHttpURI().getPath()) || !("GET".equals(method) || "HEAD".equals(method))) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("Builder-Version", "1");
        response.getHeaders().put("Swarm", "inactive");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-store, must-revalidate");
        response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
        metrics.answered(method, "/_ping", 200, start);
        if ("HEAD".equals(method)) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            callback.succeeded();
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 2);
            response.write(true, OK.duplicate(), callback);
        }
        return true;
    }
}
