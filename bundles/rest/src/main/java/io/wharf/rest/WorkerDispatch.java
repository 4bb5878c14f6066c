package io.wharf.rest;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands each request on to a {@link StreamWorkers} thread, so that Jetty's own threads only parse requests
 * however many of them are long streams; at the limit it answers 503 in Docker's error shape. The client of
 * a request being served is watched so that its thread is let go when it hangs up.
 */
final class WorkerDispatch extends Handler.Wrapper {
    private final StreamWorkers workers;
    private final ClientWatch clients;

    WorkerDispatch(StreamWorkers workers, ClientWatch clients, Handler next) {
        super(next);
        this.workers = workers;
        this.clients = clients;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ClientWatch.Watched watched = clients.watch(request, callback);
        if (!workers.tryRun(() -> serve(watched, response))) {
            JsonErrors.write(request, response, watched.callback(), 503, workers.refusal());
        }
        return true;
    }

    private void serve(ClientWatch.Watched watched, Response response) {
        watched.runningOn(Thread.currentThread());
        try {
            if (!super.handle(watched.request(), response, watched.callback())) {
                JsonErrors.write(watched.request(), response, watched.callback(), 404, "page not found");
            }
        } catch (Throwable t) {
            Response.writeError(watched.request(), response, watched.callback(), t);
        } finally {
            watched.returned();
            Thread.interrupted(); // an interruption for this request must not reach the next one
        }
    }
}
