package io.wharf.rest;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Holds each request while a bundle of the engine is being swapped (see {@link EngineSettling}), so that it is
 * served by the engine after the swap. Bounded: a bundle left stopped, or a swap that hangs, delays a request by
 * at most {@link #MAX_HOLD_MS}, and then it is served by whatever is there.
 */
final class SettlingHold extends Handler.Wrapper {
    static final long MAX_HOLD_MS = 15_000;
    private final EngineSettling settling;

    SettlingHold(Handler next, EngineSettling settling) {
        super(next);
        this.settling = settling;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!settling.settled()) {
            settling.awaitSettled(MAX_HOLD_MS);
        }
        return super.handle(request, response, callback);
    }
}
