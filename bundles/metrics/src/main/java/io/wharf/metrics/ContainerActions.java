package io.wharf.metrics;

import java.util.Map;

/** Which API routes are container actions, by the names dockerd's engine_daemon_container_actions use. */
final class ContainerActions {
    private static final Map<String, String> BY_ROUTE = Map.of(
            "POST /containers/create", "create",
            "POST /containers/{id}/start", "start",
            "POST /containers/{id}/stop", "stop",
            "POST /containers/{id}/restart", "restart",
            "POST /containers/{id}/kill", "kill",
            "POST /containers/{id}/pause", "pause",
            "POST /containers/{id}/unpause", "unpause",
            "DELETE /containers/{id}", "delete");

    private ContainerActions() {
    }

    /** The action a request performs, or null for any other request. */
    static String of(String method, String route) {
        return BY_ROUTE.get(method + " " + route);
    }
}
