package io.wharf.rest;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path, status and time taken, at debug level as dockerd logs its "Calling GET ..."
 * lines (--log-level debug shows them); at info every request cost a formatted line, even for a bare ps or ping.
 * A request that fails is logged at info, unless its client went away: {@code docker run --rm} reads the wait's
 * answer and exits before the end of the chunked body is written, which dockerd does not log either.
 */
final class RequestLogHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger("io.wharf.rest.requests");

    RequestLogHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String method = request.getMethod();
        String target = request.getHttpURI().getPathQuery();
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                log(method, target, response.getStatus(), start);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                if (clientWentAway(x)) {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("{} {}: the client went away after {} ms ({})", method, target,
                                (System.nanoTime() - start) / 1_000_000, x.toString());
                    }
                } else {
                    LOG.info("{} {} failed after {} ms: {}", method, target, (System.nanoTime() - start) / 1_000_000,
                            x.toString());
                }
                super.failed(x);
            }
        });
    }

    /** Failures of the connection (a closed socket, a broken pipe, a client that hung up), not of the server. */
    static boolean clientWentAway(Throwable x) {
        return ErrorMappers.find(x, java.io.IOException.class) != null;
    }

    private static void log(String method, String target, int status, long start) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} {} {}ms", method, target, status, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
