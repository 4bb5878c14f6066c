package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.RestResources;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@code /v1.N/...} and unversioned paths alike: strips the prefix, refuses versions outside the
 * supported range, hands the negotiated version to resources as a header, drops the request headers dockerd
 * ignores (Accept, a Content-Type that is no media type), and adds the headers dockerd puts on every answer.
 */
final class ApiVersionHandler extends Handler.Wrapper {
    private final String serverHeader;

    ApiVersionHandler(Handler next, String serverHeader) {
        super(next);
        this.serverHeader = serverHeader;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("Api-Version", RestResources.CURRENT_API_VERSION);
        response.getHeaders().put("Docker-Experimental", "false");
        response.getHeaders().put("Ostype", "linux");
        response.getHeaders().put("Server", serverHeader);
        ApiVersions.VersionedPath split = ApiVersions.split(request.getHttpURI().getPath());
        String version = split.version() == null ? RestResources.CURRENT_API_VERSION : split.version();
        if (split.version() != null) {
            try {
                ApiVersions.check(split.version());
            } catch (EngineException e) {
                JsonErrors.write(request, response, callback, e.kind().httpStatus(), e.getMessage());
                return true;
            }
        }
        HttpURI uri = HttpURI.build(request.getHttpURI()).path(split.path());
        HttpFields.Mutable rewritten = HttpFields.build(request.getHeaders())
                .put(RestResources.API_VERSION_HEADER, version);
        MalformedContentType.drop(rewritten);
        // dockerd's Go handlers never negotiate: whatever Accept a client sends, the endpoint's one type is the
        // answer (docker-java pulls with Accept: application/octet-stream, which Jersey answered 406)
        rewritten.remove(HttpHeader.ACCEPT);
        HttpFields headers = rewritten.asImmutable();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return uri;
            }

            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        }, response, callback);
    }
}
