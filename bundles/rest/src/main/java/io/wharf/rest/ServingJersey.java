package io.wharf.rest;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One built Jersey application and the requests it is serving. When resources change, a new one is built and
 * takes the new requests; the old one is retired and shut down once its last request (a log stream, an event
 * stream) is done, so that a reload never fails a request with a shut-down request scope.
 */
final class ServingJersey {
    private static final Logger LOG = LoggerFactory.getLogger(ServingJersey.class);
    private final JettyHttpContainer container;
    private final RouteTable routes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;
    private boolean shutDown;

    ServingJersey(JettyHttpContainer container, RouteTable routes) {
        this.container = container;
        this.routes = routes;
    }

    /** The methods and paths this application's resources answer. */
    RouteTable routes() {
        return routes;
    }

    /**
     * Serves the request as Jetty's {@code handle} does, or returns null without touching it when this
     * application is retired (the caller then takes the current one).
     */
    Boolean serve(Request request, Response response, Callback callback) throws Exception {
        inFlight.incrementAndGet();
        if (retired) {
            exit();
            return null;
        }
        boolean handled;
        try {
            handled = container.handle(request, response, Callback.from(callback, this::exit));
        } catch (Exception | Error e) {
            exit();
            throw e;
        }
        if (!handled) {
            exit();
        }
        return handled;
    }

    /** Runs the warm-up requests ({@link JerseyWarmUp}) as requests in flight, unless already retired. */
    void warmUp() {
        inFlight.incrementAndGet();
        try {
            if (!retired) {
                JerseyWarmUp.run(container.getApplicationHandler());
            }
        } finally {
            exit();
        }
    }

    void retire() {
        retired = true;
        if (inFlight.get() == 0) {
            shutDown();
        }
    }

    private void exit() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            shutDown();
        }
    }

    private synchronized void shutDown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        try {
            container.getApplicationHandler().onShutdown(container);
        } catch (RuntimeException e) {
            LOG.debug("shutting a retired Jersey application down: {}", e.toString());
        }
    }
}
