package io.wharf.rest;

import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RestResources;
import java.time.Duration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hijacked endpoint served over a WebSocket ({@code GET /containers/{id}/attach/ws}, as web UIs such as
 * Portainer use it): Jetty's WebSocket handshake, then the endpoint's session on a {@link WebSocketStream}.
 * From API 1.28 the output goes out in binary messages, before in text ones, as dockerd does.
 */
final class WebSocketHijack {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHijack.class);
    static final String BINARY_SINCE = "1.28";

    private final Handshaker handshaker = Handshaker.newInstance();
    private final StreamWorkers workers;

    WebSocketHijack(StreamWorkers workers) {
        this.workers = workers;
    }

    /** Answers the request: the upgraded WebSocket, or Docker's JSON error. */
    void handle(HijackedEndpoint endpoint, Request request, Response response, Callback callback) {
        if (!handshaker.isWebSocketUpgradeRequest(request)) {
            JsonErrors.write(request, response, callback, 400, "this endpoint needs a WebSocket upgrade request");
            return;
        }
        StreamWorkers.Place place = workers.reserve();
        if (place == null) {
            JsonErrors.write(request, response, callback, 503, workers.refusal());
            return;
        }
        HijackedEndpoint.Session session;
        try {
            session = endpoint.open(HijackHandler.toHijackRequest(request, new byte[0]));
        } catch (RuntimeException e) {
            place.release();
            ErrorMappers.ApiError error = ErrorMappers.classify(e);
            JsonErrors.write(request, response, callback, error.status(), error.message());
            return;
        }
        if (session == null) {
            place.release();
            JsonErrors.write(request, response, callback, 400, "nothing to stream over a WebSocket");
            return;
        }
        String version = request.getHeaders().get(RestResources.API_VERSION_HEADER);
        boolean binary = version == null || ApiVersions.compare(version, BINARY_SINCE) >= 0;
        WebSocketStream stream = new WebSocketStream(binary, s -> workers.run(place, () -> run(session, s)));
        WebSocketComponents components = WebSocketServerComponents.ensureWebSocketComponents(
                request.getConnectionMetaData().getConnector().getServer());
        boolean upgraded;
        try {
            // an attached session may stay silent for hours, as with dockerd: no idle timeout
            upgraded = handshaker.upgradeRequest((upgradeRequest, upgradeResponse, cb) -> stream, request, response,
                    callback, components, configuration -> configuration.setIdleTimeout(Duration.ZERO));
        } catch (RuntimeException e) {
            place.release();
            throw e;
        }
        if (!upgraded) {
            place.release();
            JsonErrors.write(request, response, callback, 400, "the WebSocket upgrade failed");
        }
    }

    private static void run(HijackedEndpoint.Session session, WebSocketStream stream) {
        try {
            session.run(stream);
        } catch (Exception e) {
            LOG.debug("websocket session ended with {}", e.toString());
        } finally {
            try {
                stream.close();
            } catch (java.io.IOException e) {
                LOG.debug("closing a websocket session: {}", e.toString());
            }
        }
    }
}
