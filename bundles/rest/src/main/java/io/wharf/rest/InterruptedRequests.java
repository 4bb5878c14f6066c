package io.wharf.rest;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request whose thread is interrupted while it waits (Jetty stopping under it as the REST bundle or a bundle it
 * is wired to is swapped) is answered Docker's 503, for the client to retry, instead of Jetty's 500 naming an
 * InterruptedException.
 */
final class InterruptedRequests extends Handler.Wrapper {
    InterruptedRequests(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            return super.handle(request, response, callback);
        } catch (InterruptedException e) {
            JsonErrors.write(request, response, callback, 503, ErrorMappers.INTERRUPTED);
            Thread.currentThread().interrupt(); // for whoever stops the thread
            return true;
        }
    }
}
