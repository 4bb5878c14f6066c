package io.wharf.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Reports each request Jersey answers with the route template that matched. The clock starts before matching;
 * the report goes when the answer's head is ready (a streamed body, logs -f or events, goes on after it).
 */
@PreMatching
@Priority(Priorities.USER)
final class RouteTimingFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String START = "io.wharf.rest.start";
    private final RequestMetrics metrics;

    RouteTimingFilter(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (metrics.active() && request.getProperty(JerseyWarmUp.PROPERTY) == null) {
            request.setProperty(START, System.nanoTime());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(START) instanceof Long start) {
            metrics.answered(request.getMethod(), route(request), response.getStatus(), start);
        }
    }

    /** The matched templates run from the method's back to the root resource's. */
    private static String route(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo info)) {
            return RequestMetrics.UNMATCHED;
        }
        List<UriTemplate> templates = info.getMatchedTemplates();
        if (templates.isEmpty()) {
            return RequestMetrics.UNMATCHED;
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String t = templates.get(i).getTemplate();
            if (t.isEmpty() || "/".equals(t)) {
                continue;
            }
            if (!t.startsWith("/")) {
                route.append('/');
            }
            route.append(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
        }
        return route.isEmpty() ? "/" : RequestMetrics.route(route.toString());
    }
}
