package io.wharf.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.glassfish.jersey.jetty.JettyHttpContainer;

/**
 * Lets the server listen before Jersey has bootstrapped (its most expensive startup step, done in the
 * background): requests that need Jersey wait here until it is ready.
 */
final class JerseyGate extends Handler.Abstract {
    private static final long READY_TIMEOUT_SECONDS = 60;
    private final CompletableFuture<JettyHttpContainer> container;

    JerseyGate(CompletableFuture<JettyHttpContainer> container) {
        this.container = container;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        JettyHttpContainer jersey;
        try {
            jersey = container.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            JsonErrors.write(request, response, callback, 503, "the API is still starting, try again");
            return true;
        } catch (ExecutionException e) {
            JsonErrors.write(request, response, callback, 500, "the API failed to start: " + e.getCause());
            return true;
        }
        return jersey.handle(request, response, callback);
    }
}
