package io.wharf.rest;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Applies {@link BrowserRequestPolicy} to requests that came over TCP (unix sockets are out of a web page's reach,
 * and listeners that verify client certificates are out of it too: then this guard is not installed), and adds
 * dockerd's CORS headers for origins {@code api-cors-header} allows, answering their preflight requests.
 */
final class BrowserRequestGuard extends Handler.Wrapper {
    private final BrowserRequestPolicy policy;

    BrowserRequestGuard(Handler next, BrowserRequestPolicy policy) {
        super(next);
        this.policy = policy;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress) {
            Optional<BrowserRequestPolicy.Refusal> refusal = policy.check(request.getMethod(),
                    request.getHttpURI().getPath(), request.getHeaders().get(HttpHeader.HOST), origin,
                    request.getHeaders().get(HttpHeader.CONTENT_TYPE), hasBody(request));
            if (refusal.isPresent()) {
                JsonErrors.write(request, response, callback, refusal.get().status(), refusal.get().message());
                return true;
            }
        }
        if (origin != null && policy.allowsOrigin(origin)) {
            // what dockerd's CORS middleware adds
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, policy.allowOriginHeader(origin));
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                    "Origin, X-Requested-With, Content-Type, Accept, X-Registry-Auth");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "HEAD, GET, POST, DELETE, PUT, OPTIONS");
            if ("OPTIONS".equals(request.getMethod())) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                callback.succeeded();
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    private static boolean hasBody(Request request) {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }
}
