package io.wharf.rest;

import jakarta.ws.rs.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which contributed JAX-RS resources are served. The engine's routes belong to Wharf's own bundles
 * ({@code io.wharf.*}); a resource of any other bundle is served only under {@code /vendor/NAME/...}, so that a
 * vendor's bundle can neither shadow an engine route nor make Jersey refuse the whole application with a duplicate
 * one (the engine has no route under {@code /vendor}).
 */
final class VendorRoutes {
    static final String PREFIX = "/vendor/";
    private static final String OWN_BUNDLES = "io.wharf.";
    /** {@code /vendor/NAME} and more, NAME a plain path segment (no template, no dot segment). */
    private static final Pattern VENDOR_PATH = Pattern.compile("/?vendor/[A-Za-z0-9_-][A-Za-z0-9._-]*(/.*)?");

    private VendorRoutes() {
    }

    /**
     * Why {@code resource}, registered by the bundle named {@code bundleName} (null outside OSGi: the engine's), is
     * not served; empty when it is.
     */
    static Optional<String> refusal(Object resource, String bundleName) {
        if (bundleName == null || bundleName.startsWith(OWN_BUNDLES)) {
            return Optional.empty();
        }
        Path path = resource.getClass().getAnnotation(Path.class);
        if (path == null) {
            return Optional.of("a resource of bundle " + bundleName + " (" + resource.getClass().getName()
                    + ") has no @Path; vendor resources are served under " + PREFIX + "NAME/");
        }
        if (!VENDOR_PATH.matcher(path.value()).matches() || path.value().contains("/..")
                || path.value().contains("{")) {
            return Optional.of("the resource " + resource.getClass().getName() + " of bundle " + bundleName
                    + " asks for " + path.value() + ": vendor resources are served under " + PREFIX
                    + "NAME/ only, never over an engine route");
        }
        return Optional.empty();
    }
}
