package io.wharf.rest;

import io.wharf.api.rest.HijackRequest;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RestResources;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Docker's connection hijacking for attach and exec start: after the response header ({@code 101 UPGRADED} when
 * the client asked for {@code Upgrade: tcp}, else the older {@code 200} form) the same socket carries raw bytes
 * both ways. A path ending in {@code /ws} is a GET upgraded to a WebSocket instead ({@link WebSocketHijack}).
 * Requests no registered endpoint claims go on to Jersey.
 */
final class HijackHandler extends Handler.Wrapper {
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final StreamWorkers workers;
    private final WebSocketHijack webSockets;
    private final RequestMetrics metrics;

    HijackHandler(Handler next, StreamWorkers workers, RequestMetrics metrics) {
        super(next);
        this.workers = workers;
        this.webSockets = new WebSocketHijack(workers);
        this.metrics = metrics;
    }

    /** The metrics route names are worked out once, here, not for every attach or exec start. */
    record Route(Pattern path, HijackedEndpoint endpoint, String name, String webSocketName) {
        Route(Pattern path, HijackedEndpoint endpoint) {
            this(path, endpoint, RequestMetrics.hijackedRoute(path.pattern(), false),
                    RequestMetrics.hijackedRoute(path.pattern(), true));
        }

        String name(boolean webSocket) {
            return webSocket ? webSocketName : name;
        }
    }

    void add(Pattern path, HijackedEndpoint endpoint) {
        routes.add(new Route(path, endpoint));
    }

    void remove(HijackedEndpoint endpoint) {
        routes.removeIf(r -> r.endpoint() == endpoint);
    }

    /** Whether a registered endpoint claims this method and path. */
    boolean claims(String method, String path) {
        boolean webSocket = path.endsWith(HijackedEndpoint.WEBSOCKET_SUFFIX);
        return (webSocket ? "GET" : "POST").equals(method)
                && routes.stream().anyMatch(r -> r.path().matcher(path).matches());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        boolean webSocket = path.endsWith(HijackedEndpoint.WEBSOCKET_SUFFIX);
        if (!(webSocket ? "GET" : "POST").equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        Route route = routes.stream().filter(r -> r.path().matcher(path).matches()).findFirst().orElse(null);
        if (route == null) {
            return super.handle(request, response, callback);
        }
        HijackedEndpoint endpoint = route.endpoint();
        long start = System.nanoTime();
        Callback answer = reportingAnswer(request, response, callback, route.name(webSocket), start);
        if (webSocket) {
            webSockets.handle(endpoint, request, response, answer);
            return true;
        }
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
            JsonErrors.write(request, response, answer, 400, "hijacking requires HTTP/1.1");
            return true;
        }
        // the session's place is taken now, before the client hears 101: a later request sees the limit reached
        StreamWorkers.Place place = workers.reserve();
        if (place == null) {
            JsonErrors.write(request, response, answer, 503, workers.refusal());
            return true;
        }
        // The body (exec start's JSON) is small; read it before switching protocols.
        Content.Source.asString(request, StandardCharsets.UTF_8, new org.eclipse.jetty.util.Promise<>() {
            @Override
            public void succeeded(String body) {
                if (!hijack(endpoint, request, response, answer, body.getBytes(StandardCharsets.UTF_8), place)) {
                    place.release();
                }
            }

            @Override
            public void failed(Throwable x) {
                place.release();
                answer.failed(x);
            }
        });
        return true;
    }

    /** Reports the request once its answer's head (101, or an error) has gone out. */
    private Callback reportingAnswer(Request request, Response response, Callback callback, String route, long start) {
        if (!metrics.active()) {
            return callback;
        }
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                metrics.answered(request.getMethod(), route, response.getStatus(), start);
                super.succeeded();
            }
        };
    }

    /** Returns whether the connection became a session, which then owns {@code place}. */
    private boolean hijack(HijackedEndpoint endpoint, Request request, Response response, Callback callback,
                           byte[] body, StreamWorkers.Place place) {
        HijackedEndpoint.Session session;
        try {
            session = endpoint.open(toHijackRequest(request, body));
        } catch (RuntimeException e) {
            ErrorMappers.ApiError error = ErrorMappers.classify(e);
            JsonErrors.write(request, response, callback, error.status(), error.message());
            return false;
        }
        if (session == null) { // served without hijacking, e.g. a detached exec start
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            callback.succeeded();
            return false;
        }
        boolean upgrade = request.getHeaders().contains(HttpHeader.CONNECTION, "upgrade")
                && "tcp".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE));
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE,
                new RawConnection(endPoint, request.getComponents().getExecutor(), workers, place, session::run));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/vnd.docker.raw-stream");
        if (upgrade) {
            response.setStatus(101);
            response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
            response.getHeaders().put(HttpHeader.UPGRADE, "tcp");
        } else {
            // Go writes this older form with no length: the body is the raw stream, until either side closes.
            // Committed with no content and not last, a non-persistent answer gets no Content-Length (Jetty
            // would send "Content-Length: 0" with a completed empty answer, and docker-java then reads nothing).
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.write(false, org.eclipse.jetty.util.BufferUtil.EMPTY_BUFFER,
                    Callback.from(callback::succeeded, callback::failed));
            return true;
        }
        callback.succeeded(); // the header goes out, then Jetty switches the endpoint to the raw connection
        return true;
    }

    static HijackRequest toHijackRequest(Request request, byte[] body) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
            query.put(f.getName(), f.getValues());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) {
            headers.put(f.getName(), f.getValue());
        }
        String version = request.getHeaders().get(RestResources.API_VERSION_HEADER);
        return new HijackRequest(request.getMethod(), request.getHttpURI().getPath(), Map.copyOf(query),
                headers, body, version);
    }
}
