package io.wharf.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a plain-TCP loopback listener refuses so that a web page cannot drive the API: every site a browser visits
 * can send requests to 127.0.0.1. Refused are requests with an {@code Origin} that {@code api-cors-header} does not
 * allow (browsers send it on cross-site fetches and form posts), a {@code Host} that is not a loopback name or
 * address (DNS rebinding: a page's own name made to resolve to 127.0.0.1), and bodies that are not JSON where
 * JSON is expected (the content types a form or a no-cors fetch can send without asking the server first).
 * Docker clients send none of these: no Origin (or, for WebSockets, the listener's own), the address they dialled
 * as Host, and application/json bodies.
 */
final class BrowserRequestPolicy {
    /** A request refused, with Docker's status and message. */
    record Refusal(int status, String message) {
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Endpoints whose bodies are raw bytes (tar archives, image tarballs, import streams), after the version. */
    private static final List<Pattern> RAW_BODY = List.of(
            Pattern.compile("POST /build"), Pattern.compile("POST /images/create"),
            Pattern.compile("POST /images/load"), Pattern.compile("POST /plugins/create"),
            Pattern.compile("PUT /containers/[^/]+/archive"));
    private static final Set<String> ANY = Set.of("*");

    private final Set<String> allowedOrigins;

    /** @param corsHeader dockerd's {@code api-cors-header}: {@code *}, or origins separated by commas; null: none */
    BrowserRequestPolicy(String corsHeader) {
        this.allowedOrigins = corsHeader == null || corsHeader.isBlank() ? Set.of()
                : corsHeader.trim().equals("*") ? ANY
                : Set.copyOf(Arrays.stream(corsHeader.split(",")).map(BrowserRequestPolicy::normalOrigin)
                        .filter(s -> !s.isEmpty()).toList());
    }

    boolean allowsOrigin(String origin) {
        return allowedOrigins == ANY || allowedOrigins.contains(normalOrigin(origin));
    }

    /** The Access-Control-Allow-Origin value for an allowed origin. */
    String allowOriginHeader(String origin) {
        return allowedOrigins == ANY ? "*" : origin;
    }

    /**
     * @param path    the path without its API version prefix
     * @param host    the Host header, null when absent
     * @param origin  the Origin header, null when absent
     * @param hasBody whether the request carries a body (a Content-Length above 0 or a chunked body)
     */
    Optional<Refusal> check(String method, String path, String host, String origin, String contentType,
                            boolean hasBody) {
        if (origin != null && !allowsOrigin(origin) && !sameOrigin(origin, host)) {
            return Optional.of(new Refusal(403, "refusing a request from a web page (Origin: " + origin
                    + ") on a plain TCP listener; allow its origin with --api-cors-header"));
        }
        if (host != null && !host.isEmpty() && !isLoopbackHost(host)) {
            return Optional.of(new Refusal(403, "refusing a request for host " + host + " on a plain TCP listener: "
                    + "only localhost and loopback addresses are served (a DNS-rebinding web page sends its own name)"));
        }
        if (hasBody && !isJson(contentType) && !takesRawBody(method, path)) {
            return Optional.of(new Refusal(400, "unsupported Content-Type header (" + (contentType == null ? ""
                    : contentType) + "): must be 'application/json'"));
        }
        return Optional.empty();
    }

    static boolean isLoopbackHost(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !portOrNothing(host.substring(end + 1))) {
                return false;
            }
            try {
                // a bracketed literal is parsed, never looked up
                return InetAddress.getByName(host.substring(0, end + 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!portOrNothing(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true; // RFC 6761: browsers and resolvers keep these names on loopback
        }
        var quad = IPV4.matcher(host);
        if (!quad.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(quad.group(i)) > 255) {
                return false;
            }
        }
        return quad.group(1).equals("127");
    }

    private static boolean portOrNothing(String rest) {
        return rest.isEmpty() || rest.matches(":\\d{1,5}");
    }

    /** application/json with any parameters (charset), as dockerd's CheckForJSON accepts. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    private static boolean takesRawBody(String method, String path) {
        String request = method + " " + path;
        return RAW_BODY.stream().anyMatch(p -> p.matcher(request).matches());
    }

    /**
     * Whether the Origin is the listener's own, as WebSocket clients send it (docker-py's websocket-client sends
     * {@code Origin: http://} and the address it dialled): only a page the daemon served itself has that origin,
     * and the daemon serves none; the Host check that follows still wants a loopback name.
     */
    static boolean sameOrigin(String origin, String host) {
        return host != null && !host.isBlank() && normalOrigin(origin).equals(normalOrigin("http://" + host));
    }

    private static String normalOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
