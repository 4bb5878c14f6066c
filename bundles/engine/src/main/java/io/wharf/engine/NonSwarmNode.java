package io.wharf.engine;

import io.wharf.api.errors.EngineException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a dockerd that is not part of a swarm answers the swarm API (moby daemon/cluster): {@code POST /swarm/leave}
 * fails with {@code errNoSwarm}, every manager action (inspect, update, unlock, services, nodes, tasks, secrets,
 * configs) with the "not a swarm manager" error of {@code errNoManager}, both 503. Clients rely on these exact
 * messages: docker-py's {@code swarm.leave(force=True)} ignores the 503 "not part of a swarm". Wharf cannot become a
 * swarm node, so init and join are refused with 503 too. A method and path that moby does not route is its 404.
 */
final class NonSwarmNode {
    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    static final String NO_SWARM_MODE = "Wharf does not support swarm mode: this node cannot init or join a swarm";

    /** moby's swarm router: method and path (below the API version) of every route it registers. */
    private static final List<Route> MANAGER_ROUTES = List.of(
            route("GET", "/swarm"), route("POST", "/swarm/update"), route("POST", "/swarm/unlock"),
            route("GET", "/swarm/unlockkey"),
            route("GET", "/nodes"), route("GET", "/nodes/{id}"), route("DELETE", "/nodes/{id}"),
            route("POST", "/nodes/{id}/update"),
            route("GET", "/services"), route("POST", "/services/create"), route("GET", "/services/{id}"),
            route("DELETE", "/services/{id}"), route("POST", "/services/{id}/update"),
            route("GET", "/services/{id}/logs"),
            route("GET", "/tasks"), route("GET", "/tasks/{id}"), route("GET", "/tasks/{id}/logs"),
            route("GET", "/secrets"), route("POST", "/secrets/create"), route("GET", "/secrets/{id}"),
            route("DELETE", "/secrets/{id}"), route("POST", "/secrets/{id}/update"),
            route("GET", "/configs"), route("POST", "/configs/create"), route("GET", "/configs/{id}"),
            route("DELETE", "/configs/{id}"), route("POST", "/configs/{id}/update"));
    private static final List<Route> JOIN_ROUTES = List.of(route("POST", "/swarm/init"), route("POST", "/swarm/join"));
    private static final Route LEAVE = route("POST", "/swarm/leave");
    /** The routes that read a JSON body before they reach the cluster (moby's httputils.ReadJSON). */
    private static final List<Route> BODY_ROUTES = List.of(
            route("POST", "/swarm/init"), route("POST", "/swarm/join"), route("POST", "/swarm/update"),
            route("POST", "/swarm/unlock"), route("POST", "/nodes/{id}/update"), route("POST", "/services/create"),
            route("POST", "/services/{id}/update"), route("POST", "/secrets/create"),
            route("POST", "/secrets/{id}/update"), route("POST", "/configs/create"),
            route("POST", "/configs/{id}/update"));

    /** As {@link #refusal(String, String)}, after the body checks moby makes first: bad JSON is a 400. */
    EngineException refusal(String method, String path, String contentType, byte[] body) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (BODY_ROUTES.stream().anyMatch(r -> r.matches(method, trimmed))) {
            SwarmRequestBody.check(contentType, body);
        }
        return refusal(method, path);
    }

    /** The error moby answers {@code method path} with on a node outside any swarm. */
    EngineException refusal(String method, String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (LEAVE.matches(method, trimmed)) {
            return EngineException.unavailable("%s", NOT_IN_SWARM);
        }
        if (JOIN_ROUTES.stream().anyMatch(r -> r.matches(method, trimmed))) {
            return EngineException.unavailable("%s", NO_SWARM_MODE);
        }
        if (MANAGER_ROUTES.stream().anyMatch(r -> r.matches(method, trimmed))) {
            return EngineException.unavailable("%s", NOT_A_MANAGER);
        }
        return EngineException.notFound("page not found");
    }

    private static Route route(String method, String template) {
        return new Route(method, Pattern.compile(Pattern.quote(template).replace("{id}", "\\E[^/]+\\Q")));
    }

    private record Route(String method, Pattern path) {
        boolean matches(String requestMethod, String requestPath) {
            return method.equals(requestMethod) && path.matcher(requestPath).matches();
        }
    }
}
