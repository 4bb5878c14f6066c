package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.AuthorizationRequest;
import io.wharf.api.rest.RequestAuthorizer;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The request side of dockerd's authorization middleware: when a {@link RequestAuthorizer} is active, every request
 * (hijacked ones too) is described to it before it is served, with its JSON body when that is under 1 MiB, and a
 * denial answers in Docker's error shape. The description stays on the request for
 * {@link AuthorizedResponses}, which asks again once the answer is known.
 */
final class AuthorizationHandler extends Handler.Wrapper {
    static final String ATTRIBUTE = AuthorizationRequest.class.getName();
    /** dockerd's maxBodySize: a larger JSON body is refused rather than sent to plugins. */
    static final int MAX_BODY = 1 << 20;
    /** dockerd sends no body for /auth (credentials): {@code [/vN.N]/auth...}. */
    private static final Pattern AUTH_ENDPOINT = Pattern.compile("^(/v\\d[\\d.]*)?/auth.*");

    private final Supplier<RequestAuthorizer> authorizer;
    /** Completes when the API serves the bundles started with it, the authorization plugins' among them. */
    private final Future<?> serving;

    AuthorizationHandler(Handler next, Supplier<RequestAuthorizer> authorizer, Future<?> serving) {
        super(next);
        this.authorizer = authorizer;
        this.serving = serving;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        RequestAuthorizer chain = authorizer.get();
        if (chain == null && !serving.isDone() && !"/_ping".equals(request.getHttpURI().getPath())) {
            // the API listens before the bundles started with it are up: a request that came first would be served
            // unasked once they are (fail open); it waits for them, as the routes it asks for do anyway
            awaitServing();
            chain = authorizer.get();
        }
        if (chain == null || !chain.active()) {
            return super.handle(request, response, callback);
        }
        Request original = Request.unWrap(request); // as the client sent it: version prefix and all headers
        String uri = original.getHttpURI().getPathQuery();
        byte[] body = null;
        if (sendsBody(original.getHttpURI().getPath(), original.getHeaders())) {
            if (request.getLength() > MAX_BODY) {
                JsonErrors.write(request, response, callback, 500, tooLarge());
                return true;
            }
            try {
                body = Content.Source.asByteArrayAsync(request, MAX_BODY).get();
            } catch (ExecutionException e) {
                JsonErrors.write(request, response, callback, 500, tooLarge());
                return true;
            }
        }
        String user = tlsUser(request);
        AuthorizationRequest described = new AuthorizationRequest(user, user.isEmpty() ? "" : "TLS",
                request.getMethod(), uri, body, headers(original.getHeaders()));
        try {
            chain.authorizeRequest(described);
        } catch (EngineException e) {
            JsonErrors.write(request, response, callback, e.kind().httpStatus(), e.getMessage());
            return true;
        }
        Request next = body == null ? request : new Replayed(request, body);
        next.setAttribute(ATTRIBUTE, described);
        return super.handle(next, response, callback);
    }

    private void awaitServing() throws InterruptedException {
        try {
            serving.get(SettlingHold.MAX_HOLD_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // what follows answers with the error
        }
    }

    /** dockerd's only authentication: the common name of a verified TLS client certificate, else "". */
    static String tlsUser(Request request) {
        EndPoint.SslSessionData ssl = request.getConnectionMetaData().getConnection().getEndPoint().getSslSessionData();
        X509Certificate[] certificates = ssl == null ? null : ssl.peerCertificates();
        if (certificates == null || certificates.length == 0) {
            return "";
        }
        return commonName(certificates[0].getSubjectX500Principal().getName());
    }

    static String commonName(String distinguishedName) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }

    private static String tooLarge() {
        return "request body too large for authorization plugin: size exceeds " + MAX_BODY + " bytes";
    }

    /** dockerd's sendBody: JSON only, never the credentials of /auth. */
    static boolean sendsBody(String path, HttpFields headers) {
        if (AUTH_ENDPOINT.matcher(path).matches()) {
            return false;
        }
        String type = headers.get("Content-Type");
        return type != null && "application/json".equalsIgnoreCase(MimeTypes.getContentTypeWithoutCharset(type).trim());
    }

    /** Go's flattened header map: canonical names, the last value of each, authentication headers left out. */
    static Map<String, String> headers(HttpFields fields) {
        Map<String, String> result = new TreeMap<>();
        for (HttpField f : fields) {
            String name = canonical(f.getName());
            if (!name.equals("Authorization") && !name.equals("X-Registry-Config") && !name.equals("X-Registry-Auth")) {
                result.put(name, f.getValue());
            }
        }
        return result;
    }

    private static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    /** The request with its body, already read for the authorizer, served again to the handler. */
    private static final class Replayed extends Request.Wrapper {
        private Content.Chunk chunk;

        Replayed(Request request, byte[] body) {
            super(request);
            this.chunk = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk c = chunk;
            chunk = Content.Chunk.EOF;
            return c;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }
}
