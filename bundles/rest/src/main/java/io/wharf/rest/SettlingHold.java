package io.wharf.rest;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Holds each request while a bundle of the engine is being swapped (see {@link EngineSettling}), so that it is
 * served by the engine after the swap. Bounded: a bundle left stopped, or a swap that hangs, delays a request by
 * at most {@link #MAX_HOLD_MS}, and then it is served by whatever is there. While the bundles started after the
 * API opened are starting ({@link LateStart}), only the requests no served route answers yet wait, for them.
 */
final class SettlingHold extends Handler.Wrapper {
    static final long MAX_HOLD_MS = 15_000;
    private final EngineSettling settling;
    private final LateStart lateStart;
    /** Whether a route served now answers this method and path. */
    private final BiPredicate<String, String> answered;

    /** Completes when the API serves the resources of the bundles started before it opened. */
    private final Future<?> serving;

    SettlingHold(Handler next, EngineSettling settling, LateStart lateStart, Future<?> serving,
                 BiPredicate<String, String> answered) {
        super(next);
        this.settling = settling;
        this.lateStart = lateStart;
        this.serving = serving;
        this.answered = answered;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (lateStart.inProgress()) {
            awaitServing(); // which routes are answered is known once the API serves
            if (answered.test(request.getMethod(), request.getHttpURI().getPath())) {
                return super.handle(request, response, callback); // its backend is up: the late ones add routes
            }
            long start = System.currentTimeMillis();
            lateStart.await(MAX_HOLD_MS);
            settling.awaitAllServed(Math.max(1, MAX_HOLD_MS - (System.currentTimeMillis() - start)));
            settling.awaitSettled(Math.max(1, MAX_HOLD_MS - (System.currentTimeMillis() - start)));
        } else {
            if (!settling.settled()) {
                settling.awaitSettled(MAX_HOLD_MS);
            }
            // routes a late bundle added are served by a rebuild that may still be under way after its start
            if (!settling.allServed() && !answered.test(request.getMethod(), request.getHttpURI().getPath())) {
                settling.awaitAllServed(MAX_HOLD_MS);
            }
        }
        return super.handle(request, response, callback);
    }

    private void awaitServing() throws InterruptedException {
        try {
            serving.get(MAX_HOLD_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // the gate behind answers these requests with the error
        }
    }
}
