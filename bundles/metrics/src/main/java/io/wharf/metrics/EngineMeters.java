package io.wharf.metrics;

import io.wharf.api.events.Event;
import io.wharf.api.metrics.EngineMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;

/**
 * The engine's meters in one Prometheus registry: API requests, container actions, image transfers, builds,
 * health checks and events. Names follow Prometheus conventions ({@code wharf_} prefix, base units, counters
 * ending in {@code _total}); label values come from fixed sets or route templates, never from user input.
 */
final class EngineMeters implements EngineMetrics {
    /** Seconds: from a fast inspect (~1 ms) to a long pull or a stop that waits for its timeout. */
    private static final double[] LATENCY_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, 30, 60};

    private final Histogram apiRequests;
    private final Histogram containerActions;
    private final Counter transfers;
    private final Counter transferBytes;
    private final Counter builds;
    private final Counter healthChecks;
    private final Counter events;

    EngineMeters(PrometheusRegistry registry) {
        apiRequests = Histogram.builder().name("wharf_api_request_duration_seconds").unit(Unit.SECONDS)
                .help("API requests by method, route and status: time to the answer's head")
                .labelNames("method", "route", "status").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
                .register(registry);
        containerActions = Histogram.builder().name("wharf_container_action_duration_seconds").unit(Unit.SECONDS)
                .help("Container actions (create, start, stop, restart, kill, pause, unpause, delete) that succeeded, "
                        + "as the API served them")
                .labelNames("action").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        transfers = Counter.builder().name("wharf_image_transfers_total")
                .help("Image pulls and pushes that ended, by direction and outcome")
                .labelNames("direction", "outcome").register(registry);
        transferBytes = Counter.builder().name("wharf_image_transfer_bytes_total").unit(Unit.BYTES)
                .help("Layer bytes moved from (pull) or to (push) registries").labelNames("direction")
                .register(registry);
        builds = Counter.builder().name("wharf_builds_total")
                .help("Builds requested through POST /build, by the status of the answer (200: the build ran)")
                .labelNames("status").register(registry);
        healthChecks = Counter.builder().name("wharf_health_checks_total")
                .help("Container health check probes, by result").labelNames("result").register(registry);
        events = Counter.builder().name("wharf_events_total")
                .help("Engine events published (docker events), by type and action").labelNames("type", "action")
                .register(registry);
    }

    @Override
    public void apiRequest(String method, String route, int status, long durationNanos) {
        double seconds = durationNanos / 1e9;
        apiRequests.labelValues(method, route, Integer.toString(status)).observe(seconds);
        if (status >= 200 && status < 400) {
            String action = ContainerActions.of(method, route);
            if (action != null) {
                containerActions.labelValues(action).observe(seconds);
            }
        }
        if ("POST".equals(method) && "/build".equals(route)) {
            builds.labelValues(Integer.toString(status)).inc();
        }
    }

    @Override
    public void imageTransfer(Transfer transfer, boolean succeeded, long bytes) {
        String direction = transfer.name().toLowerCase(Locale.ROOT);
        transfers.labelValues(direction, succeeded ? "succeeded" : "failed").inc();
        if (bytes > 0) {
            transferBytes.labelValues(direction).inc(bytes);
        }
    }

    @Override
    public void healthCheck(boolean passed) {
        healthChecks.labelValues(passed ? "passed" : "failed").inc();
    }

    /** Counts an event; an action's free text after the colon ({@code exec_start: sh -c ...}) is dropped. */
    void event(Event event) {
        String action = event.action();
        int colon = action.indexOf(':');
        events.labelValues(event.type(), colon < 0 ? action : action.substring(0, colon)).inc();
    }
}
