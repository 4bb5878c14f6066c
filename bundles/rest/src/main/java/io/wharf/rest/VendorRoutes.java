package io.wharf.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.core.Feature;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which contributed JAX-RS resources are served. The engine's routes belong to Wharf's own bundles
 * ({@code io.wharf.*}); a resource of any other bundle is served only under {@code /vendor/NAME/...}, so that a
 * vendor's bundle can neither shadow an engine route nor make Jersey refuse the whole application with a duplicate
 * one (the engine has no route under {@code /vendor}). A vendor object that is also a JAX-RS provider (a filter,
 * feature, reader, writer, mapper, ...) is refused, as it would act on every request; of two vendor resources with
 * the same method and path, the first registered is served. Trust by bundle name is a convenience, not a security
 * boundary: any bundle in the framework runs with the daemon's rights.
 */
final class VendorRoutes {
    static final String PREFIX = "/vendor/";
    private static final String OWN_BUNDLES = "io.wharf.";
    /** {@code /vendor/NAME} and more, NAME a plain path segment (no template, no dot segment). */
    private static final Set<Class<?>> PROVIDER_CONTRACTS = Set.of(ContainerRequestFilter.class,
            ContainerResponseFilter.class, Feature.class, DynamicFeature.class);
    private static final Pattern VENDOR_PATH = Pattern.compile("/?vendor/[A-Za-z0-9_-][A-Za-z0-9._-]*(/.*)?");

    private VendorRoutes() {
    }

    /**
     * Why {@code resource}, registered by the bundle named {@code bundleName} (null outside OSGi: the engine's), is
     * not served next to the vendor resources already {@code served}; empty when it is.
     */
    static Optional<String> refusal(Object resource, String bundleName, Collection<Object> served) {
        if (bundleName == null || bundleName.startsWith(OWN_BUNDLES)) {
            return Optional.empty();
        }
        String name = "the resource " + resource.getClass().getName() + " of bundle " + bundleName;
        Optional<Class<?>> contract = providerContract(resource.getClass());
        if (contract.isPresent()) { // Jersey would register it as a provider of every request, not a route
            return Optional.of(name + " implements the JAX-RS provider contract " + contract.get().getName()
                    + ": vendor bundles contribute resources only");
        }
        Path path = resource.getClass().getAnnotation(Path.class);
        if (path == null) {
            return Optional.of("a resource of bundle " + bundleName + " (" + resource.getClass().getName()
                    + ") has no @Path; vendor resources are served under " + PREFIX + "NAME/");
        }
        if (!VENDOR_PATH.matcher(path.value()).matches() || path.value().contains("/..")
                || path.value().contains("{")) {
            return Optional.of(name + " asks for " + path.value() + ": vendor resources are served under " + PREFIX
                    + "NAME/ only, never over an engine route");
        }
        Set<String> taken = new HashSet<>();
        served.forEach(other -> taken.addAll(routes(other.getClass())));
        for (String route : routes(resource.getClass())) {
            if (taken.contains(route)) { // Jersey would refuse the whole application over a duplicate
                return Optional.of(name + " asks for " + route + ", which another resource serves already");
            }
        }
        return Optional.empty();
    }

    /** The JAX-RS provider contract the class implements, if any (filters, features, readers, mappers, ...). */
    static Optional<Class<?>> providerContract(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (PROVIDER_CONTRACTS.contains(i) || i.getPackageName().equals("jakarta.ws.rs.ext")) {
                    return Optional.of(i);
                }
                Optional<Class<?>> inherited = providerContract(i);
                if (inherited.isPresent()) {
                    return inherited;
                }
            }
        }
        return Optional.empty();
    }

    /** "METHOD /path" of each resource method, path templates made anonymous ({x} and {y} match alike). */
    static Set<String> routes(Class<?> type) {
        Path base = type.getAnnotation(Path.class);
        Set<String> routes = new HashSet<>();
        if (base == null) {
            return routes;
        }
        for (Method m : type.getMethods()) {
            Path sub = m.getAnnotation(Path.class);
            String path = normalize(base.value() + "/" + (sub == null ? "" : sub.value()));
            List<String> verbs = Arrays.stream(m.getAnnotations())
                    .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                    .filter(Objects::nonNull).map(HttpMethod::value).toList();
            if (!verbs.isEmpty()) {
                verbs.forEach(verb -> routes.add(verb + " " + path));
            } else if (sub != null) {
                routes.add("LOCATOR " + path); // a sub-resource locator
            }
        }
        return routes;
    }

    private static String normalize(String path) {
        String p = ("/" + path).replaceAll("/+", "/").replaceAll("\\{[^}]*}", "{}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
