package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.AuthorizationRequest;
import io.wharf.api.rest.AuthorizationResponse;
import io.wharf.api.rest.RequestAuthorizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The response side of authorization (dockerd's AuthZRes). An answer is held until it is whole (at most 1 MiB),
 * so that the authorizer sees its status, headers and, when it is JSON, its body before any of it is sent, and a
 * denial replaces it with Docker's error, as dockerd's response modifier buffers an answer until its handler
 * flushes. Streamed answers ({@link #STREAMED}: events, stats, logs, pulls, builds...) are judged by status and
 * headers at their first write and then flow; dockerd's handlers flush those at once too. Hijacked streams never
 * reach this handler.
 */
final class AuthorizedResponses extends Handler.Wrapper {
    /** Unversioned paths whose answers are streams: holding them would hold the stream. */
    static final Pattern STREAMED = Pattern.compile("/events|/build|/images/(create|load|get|[^/]+/(push|get))"
            + "|/containers/[^/]+/(stats|wait|logs|attach|export|archive|attach/ws)|/exec/[^/]+/start|/plugins/.*");
    private final Supplier<RequestAuthorizer> authorizer;

    AuthorizedResponses(Handler next, Supplier<RequestAuthorizer> authorizer) {
        super(next);
        this.authorizer = authorizer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        RequestAuthorizer chain = authorizer.get();
        if (!(request.getAttribute(AuthorizationHandler.ATTRIBUTE) instanceof AuthorizationRequest described)
                || chain == null) {
            return super.handle(request, response, callback);
        }
        boolean streamed = STREAMED.matcher(request.getHttpURI().getPath()).matches();
        Checked checked = new Checked(request, response, chain, described, streamed);
        return super.handle(request, checked, checked.completion(callback));
    }

    /** Asks the authorizer at the first write (or at completion, for an answer without a body). */
    private static final class Checked extends Response.Wrapper {
        private final RequestAuthorizer chain;
        private final AuthorizationRequest described;
        private boolean asked;
        private final boolean streamed;
        /** What the handler wrote so far, until the answer is whole. */
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private EngineException denied;

        Checked(Request request, Response response, RequestAuthorizer chain, AuthorizationRequest described,
                boolean streamed) {
            super(request, response);
            this.streamed = streamed;
            this.chain = chain;
            this.described = described;
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (asked) {
                if (denied != null) {
                    callback.failed(new IOException(denied.getMessage()));
                } else {
                    super.write(last, content, callback);
                }
                return;
            }
            if (streamed) {
                ask(null);
            } else {
                byte[] part = bytesOf(content);
                held.write(part, 0, part.length);
                if (!last && held.size() <= AuthorizationHandler.MAX_BODY) {
                    callback.succeeded(); // the writer goes on; nothing is sent yet
                    return;
                }
                byte[] whole = held.toByteArray();
                content = ByteBuffer.wrap(whole);
                ask(last && isJson() ? whole : null);
            }
            if (denied != null) {
                writeDenial(callback);
                return;
            }
            super.write(last, content, callback);
        }

        Callback completion(Callback callback) {
            return Callback.from(() -> {
                if (asked) {
                    callback.succeeded();
                    return;
                }
                byte[] whole = held.toByteArray(); // the handler ended without a last write
                ask(isJson() && whole.length > 0 ? whole : null);
                if (denied != null) {
                    writeDenial(callback);
                } else if (whole.length > 0) {
                    getWrapped().write(true, ByteBuffer.wrap(whole), callback);
                } else {
                    callback.succeeded();
                }
            }, callback::failed);
        }

        private void ask(byte[] body) {
            asked = true;
            try {
                chain.authorizeResponse(described, new AuthorizationResponse(getStatus(),
                        AuthorizationHandler.headers(getHeaders()), body));
            } catch (EngineException e) {
                denied = e;
            }
        }

        private void writeDenial(Callback callback) {
            Response wrapped = getWrapped();
            wrapped.setStatus(denied.kind().httpStatus());
            wrapped.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
            wrapped.getHeaders().remove(HttpHeader.TRANSFER_ENCODING);
            wrapped.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            wrapped.write(true, ByteBuffer.wrap(JsonErrors.json(denied.getMessage()).getBytes(StandardCharsets.UTF_8)),
                    callback);
        }

        private boolean isJson() {
            return AuthorizationHandler.sendsBody(described.requestUri().replaceFirst("\\?.*", ""), getHeaders());
        }

        private static byte[] bytesOf(ByteBuffer content) {
            if (content == null) {
                return new byte[0];
            }
            ByteBuffer copy = content.asReadOnlyBuffer();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
    }
}
