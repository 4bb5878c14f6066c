package io.wharf.support.osgi;

import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RestResources;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The services a component registers by hand, once its state is loaded (a DS-declared service would be visible
 * before that), and takes back together when it deactivates: services, REST resources and hijacked endpoints.
 */
public final class ServiceRegistrations {
    private final BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    public ServiceRegistrations(BundleContext context) {
        this.context = context;
    }

    public synchronized <S> void service(Class<S> type, S service) {
        registrations.add(context.registerService(type, service, null));
    }

    /** A JAX-RS resource for the REST bundle to serve. */
    public synchronized void restResource(Object resource) {
        registrations.add(context.registerService(Object.class, resource,
                properties(RestResources.RESOURCE_PROPERTY, "true")));
    }

    /** An endpoint that takes over the connection of requests whose path matches {@code pathPattern}. */
    public synchronized void hijackedEndpoint(HijackedEndpoint endpoint, String pathPattern) {
        registrations.add(context.registerService(HijackedEndpoint.class, endpoint,
                properties(HijackedEndpoint.PATH_PATTERN_PROPERTY, pathPattern)));
    }

    /** Unregisters everything registered here; those the framework already took back are skipped. */
    public synchronized void unregisterAll() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
        }
        registrations.clear();
    }

    private static Dictionary<String, Object> properties(String key, Object value) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(key, value);
        return p;
    }
}
