package io.wharf.rest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.PathTemplate;

/**
 * Which method and path the resources of one Jersey application answer, read from the same annotations Jersey
 * reads. While bundles are still starting after the API opened, a request no resource answers yet waits for
 * them instead of getting a 404 (see {@link StartupHold}).
 */
final class RouteTable {
    static final RouteTable EMPTY = new RouteTable(List.of());
    private final List<Route> routes;

    private record Route(String method, Pattern path) {
        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod)
                    || (requestMethod.equals("HEAD") && method.equals("GET")))
                    && path.matcher(requestPath).matches();
        }
    }

    private RouteTable(List<Route> routes) {
        this.routes = routes;
    }

    static RouteTable of(Collection<?> resources) {
        List<Route> routes = new ArrayList<>();
        for (Object resource : resources) {
            if (Resource.getPath(resource.getClass()) != null) { // a root resource, as Jersey takes it
                add(routes, "", Resource.from(resource.getClass()));
            }
        }
        return new RouteTable(List.copyOf(routes));
    }

    private static void add(List<Route> routes, String parent, Resource resource) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(new Route(method.getHttpMethod(), pattern(path, false)));
        }
        if (resource.getResourceLocator() != null) { // a sub-resource locator answers anything below its path
            routes.add(new Route(null, pattern(path, true)));
        }
        for (Resource child : resource.getChildResources()) {
            add(routes, path, child);
        }
    }

    private static String join(String parent, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return parent;
        }
        return parent + (path.startsWith("/") ? path : "/" + path);
    }

    private static Pattern pattern(String path, boolean andBelow) {
        String regex = new PathTemplate(path.isEmpty() ? "/" : path).getPattern().getRegex();
        // Jersey matches with or without a trailing slash
        regex = regex.replaceFirst("(\\(/\\.\\*\\)\\?|/)?$", "");
        return Pattern.compile(regex + (andBelow ? "(/.*)?" : "/?"));
    }

    /** Whether a resource answers this method on this path (the API version already stripped). */
    boolean answers(String method, String path) {
        for (Route route : routes) {
            if (route.matches(method, path)) {
                return true;
            }
        }
        return false;
    }
}
