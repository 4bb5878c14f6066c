package io.wharf.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Renders registry failures the way Docker's distribution client words them. */
public final class RegistryErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryErrors() {
    }

    /** Error codes of the OCI distribution spec that the pull logic reacts to. */
    public static final String MANIFEST_UNKNOWN = "MANIFEST_UNKNOWN";
    public static final String NAME_UNKNOWN = "NAME_UNKNOWN";
    public static final String DENIED = "DENIED";
    public static final String UNAUTHORIZED = "UNAUTHORIZED";

    /** An error answer of a registry: the first code of its {@code errors} array, and Docker's message. */
    public static final class RegistryException extends EngineException {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final int status;

        public RegistryException(ErrorKind kind, int status, String code, String message) {
            super(kind, message);
            this.code = code;
            this.status = status;
        }

        /** The distribution error code ({@code MANIFEST_UNKNOWN}...), or null when the body had none. */
        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    /** Builds the exception for an error status, using the body's {@code errors} when it has them. */
    public static RegistryException fromResponse(int status, String reason, byte[] body) {
        String code = null;
        String message = null;
        try {
            JsonNode errors = body == null || body.length == 0 ? null : MAPPER.readTree(body).path("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                code = first.path("code").asText(null);
                String text = first.path("message").asText("");
                // errcode.Error.Error(): "<code lowercased, underscores as spaces>: <message>"
                String codeText = code == null ? "unknown" : code.toLowerCase(Locale.ROOT).replace('_', ' ');
                message = text.isEmpty() ? codeText : codeText + ": " + text;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the status line below
        }
        if (message == null) {
            if (status == 401) {
                code = UNAUTHORIZED;
                message = "unauthorized: authentication required";
            } else {
                message = "received unexpected HTTP status: " + status + (reason == null ? "" : " " + reason);
            }
        }
        return new RegistryException(kindOf(status, code), status, code, message);
    }

    private static ErrorKind kindOf(int status, String code) {
        if (MANIFEST_UNKNOWN.equals(code) || NAME_UNKNOWN.equals(code) || "BLOB_UNKNOWN".equals(code)) {
            return ErrorKind.NOT_FOUND;
        }
        return switch (status) {
            case 400 -> ErrorKind.INVALID_PARAMETER;
            case 401 -> ErrorKind.UNAUTHORIZED;
            case 403 -> ErrorKind.FORBIDDEN;
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.NOT_IMPLEMENTED;
            case 429, 502, 503, 504 -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.SYSTEM;
        };
    }

    /**
     * Go's net/http rendering of a transport failure: {@code Get "https://h:5000/v2/": dial tcp h:5000: connect:
     * connection refused}, so that messages read like Docker's.
     */
    public static String describe(String method, URI uri, Throwable failure) {
        String m = method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
        String hostPort = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort()
                : "https".equals(uri.getScheme()) ? 443 : 80);
        Throwable root = rootCause(failure);
        String what;
        if (root instanceof ConnectException) {
            what = "dial tcp " + hostPort + ": connect: connection refused";
        } else if (root instanceof UnknownHostException) {
            what = "dial tcp: lookup " + uri.getHost() + ": no such host";
        } else if (root instanceof SSLException) {
            what = "tls: " + root.getMessage()
                    + ("https".equals(uri.getScheme()) ? " (http: server gave HTTP response to HTTPS client?)" : "");
        } else if (root instanceof TimeoutException) {
            what = "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
        } else if (root instanceof ClosedChannelException || root instanceof java.io.EOFException) {
            what = "unexpected EOF";
        } else {
            what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
        return m + " \"" + uri + "\": " + what;
    }

    static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }
}
