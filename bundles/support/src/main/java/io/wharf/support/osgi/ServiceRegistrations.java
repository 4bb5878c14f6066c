package io.wharf.support.osgi;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The services a component registers by hand, once its state is loaded (a DS-declared service would be visible
 * before that), and takes back together when it deactivates. REST resources and hijacked endpoints are DS
 * components of their own that require such a service, so they come and go with it.
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

    /**
     * Registers with service properties (a driver's name, for example); the answer takes this one registration
     * back before the others (a plugin's driver when the plugin goes).
     */
    public synchronized <S> Runnable service(Class<S> type, S service, java.util.Map<String, ?> properties) {
        ServiceRegistration<S> registration = context.registerService(type, service,
                new java.util.Hashtable<>(properties));
        registrations.add(registration);
        return () -> unregister(registration);
    }

    private synchronized void unregister(ServiceRegistration<?> registration) {
        if (registrations.remove(registration)) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
        }
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
}
