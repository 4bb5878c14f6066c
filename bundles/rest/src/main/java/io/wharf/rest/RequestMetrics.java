package io.wharf.rest;

import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.rest.HijackedEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the API layer reports answered requests: the metrics service while one is bound, nowhere otherwise.
 * The handlers that answer (Jersey, the hijack handler, the ping handler) each report with their own route.
 */
final class RequestMetrics {
    static final String UNMATCHED = "unmatched";
    /** A JAX-RS template parameter with a regular expression, {@code {name: .+}}: the label keeps only the name. */
    private static final Pattern TEMPLATE_REGEX = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");
    /** The placeholder of a hijacked endpoint's path pattern, {@code /containers/[^/]+/attach}. */
    private static final String SEGMENT = "[^/]+";
    /** An optional suffix in a path pattern, {@code (/ws)?}. */
    private static final Pattern OPTIONAL_GROUP = Pattern.compile("\\([^()]*\\)\\?");

    private volatile EngineMetrics metrics;

    void bind(EngineMetrics m) {
        metrics = m;
    }

    void unbind(EngineMetrics m) {
        if (metrics == m) {
            metrics = null;
        }
    }

    boolean active() {
        return metrics != null;
    }

    void answered(String method, String route, int status, long startNanos) {
        EngineMetrics m = metrics;
        if (m != null) {
            m.apiRequest(method, route, status, System.nanoTime() - startNanos);
        }
    }

    /** Label per matched template: a few dozen, from Jersey's resource model, so the map stays small. */
    private static final Map<String, String> ROUTES = new ConcurrentHashMap<>();

    /** {@code /images/{name: .+}/json} as {@code /images/{name}/json}; worked out once per template. */
    static String route(String template) {
        return ROUTES.computeIfAbsent(template, RequestMetrics::withoutRegex);
    }

    private static String withoutRegex(String template) {
        Matcher m = TEMPLATE_REGEX.matcher(template);
        return m.find() ? m.replaceAll("{$1}") : template;
    }

    /**
     * A hijacked endpoint's path pattern as a route: {@code /exec/[^/]+/start} as {@code /exec/{id}/start}, and
     * {@code /containers/[^/]+/attach(/ws)?} as {@code /containers/{id}/attach} or, for its WebSocket form,
     * {@code /containers/{id}/attach/ws}.
     */
    static String hijackedRoute(String pathPattern, boolean webSocket) {
        String route = OPTIONAL_GROUP.matcher(pathPattern).replaceAll("").replace(SEGMENT, "{id}");
        return webSocket ? route + HijackedEndpoint.WEBSOCKET_SUFFIX : route;
    }
}
