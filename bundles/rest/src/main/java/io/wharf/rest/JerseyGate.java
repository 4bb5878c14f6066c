package io.wharf.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import java.util.function.Supplier;

/**
 * Lets the server listen before Jersey has bootstrapped (its most expensive startup step, done in the
 * background): requests that need Jersey wait here until it is ready.
 */
final class JerseyGate extends Handler.Abstract {
    private static final long READY_TIMEOUT_SECONDS = 60;
    private final CompletableFuture<?> ready;
    private final Supplier<ServingJersey> current;

    JerseyGate(CompletableFuture<?> ready, Supplier<ServingJersey> current) {
        this.ready = ready;
        this.current = current;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            JsonErrors.write(request, response, callback, 503, "the API is still starting, try again");
            return true;
        } catch (ExecutionException e) {
            JsonErrors.write(request, response, callback, 500, "the API failed to start: " + e.getCause());
            return true;
        }
        while (true) {
            Boolean handled = current.get().serve(request, response, callback);
            if (handled != null) {
                return handled;
            }
            // retired by a reload between the read and the call: the new application takes it
        }
    }
}
