package io.wharf.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records what the engine does, for the metrics endpoint. The bundles that serve requests, move images or run
 * health checks hold an optional reference to it: without a metrics bundle nothing is recorded and nothing costs.
 * Implementations must be cheap and must not throw: they are called on request and transfer paths.
 */
@ProviderType
public interface EngineMetrics {
    /** Images moved from a registry (pull) or to one (push). */
    enum Transfer { PULL, PUSH }

    /**
     * An API request answered.
     *
     * @param route the route template that matched, without the version prefix ({@code /containers/{id}/start}),
     *              or {@code unmatched}
     * @param durationNanos from the request's arrival to its answer's head (a stream's body may go on after it)
     */
    void apiRequest(String method, String route, int status, long durationNanos);

    /** A pull or push ended; {@code bytes} of layer data went over the wire (blobs already present don't count). */
    void imageTransfer(Transfer transfer, boolean succeeded, long bytes);

    /** One health check probe of a container ran; {@code passed} when its command exited 0 in time. */
    void healthCheck(boolean passed);
}
