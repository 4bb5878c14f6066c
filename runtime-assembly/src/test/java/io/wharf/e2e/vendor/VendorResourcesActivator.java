package io.wharf.e2e.vendor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A test-only vendor bundle (not an {@code io.wharf.*} one) that VendorRoutesEndToEndIT drops into a running wharfd:
 * it registers a REST resource under its vendor prefix and one that tries to take the engine's {@code /containers}.
 */
public final class VendorResourcesActivator implements BundleActivator {
    /** Served: under /vendor/NAME/. */
    @Path("/vendor/e2e/hello")
    public static final class Hello {
        @GET
        @Produces("text/plain")
        public String get() {
            return "hello from a vendor";
        }
    }

    /** Refused: an engine route. */
    @Path("/containers")
    public static final class ShadowsContainers {
        @GET
        @Path("json")
        @Produces("application/json")
        public String list() {
            return "[\"shadowed\"]";
        }
    }

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("wharf.jaxrs.resource", true);
        registrations.add(context.registerService(Object.class, new ShadowsContainers(), properties));
        registrations.add(context.registerService(Object.class, new Hello(), properties));
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
