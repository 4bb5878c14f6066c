package io.wharf.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Hands the daemon's configurations to ConfigAdmin inside the framework: at once if it is running, else the
 * moment its service registers (before the bundles of the next start level start). The launcher sees the
 * framework only through the system bundle, and {@code org.osgi.service.cm} is the ConfigAdmin bundle's own
 * package, so the two calls ({@code getConfiguration}, {@code updateIfDifferent}) are made through reflection on
 * the types that bundle loads.
 */
final class ConfigurationPublisher {
    private static final String ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";
    /** Bound to no single bundle: several bundles read io.wharf.daemon, for instance. */
    private static final String ANY_BUNDLE = "?";

    private final BundleContext context;
    private Map<String, Hashtable<String, Object>> latest;

    ConfigurationPublisher(BundleContext context, Map<String, Hashtable<String, Object>> initial)
            throws InvalidSyntaxException {
        this.context = context;
        this.latest = initial;
        context.addServiceListener(event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                publishTo(event.getServiceReference());
            }
        }, "(objectClass=" + ADMIN + ")");
        ServiceReference<?> running = context.getServiceReference(ADMIN);
        if (running != null) {
            publishTo(running);
        }
    }

    /** Publishes these configurations (unchanged ones are left alone); false when ConfigAdmin is not running. */
    synchronized boolean publish(Map<String, Hashtable<String, Object>> configurations) {
        latest = configurations;
        ServiceReference<?> admin = context.getServiceReference(ADMIN);
        return admin != null && publishTo(admin);
    }

    private synchronized boolean publishTo(ServiceReference<?> reference) {
        Object admin = context.getService(reference);
        if (admin == null) {
            return false;
        }
        try {
            Method getConfiguration = reference.getBundle().loadClass(ADMIN)
                    .getMethod("getConfiguration", String.class, String.class);
            Method update = reference.getBundle().loadClass(CONFIGURATION)
                    .getMethod("updateIfDifferent", Dictionary.class);
            for (Map.Entry<String, Hashtable<String, Object>> e : latest.entrySet()) {
                update.invoke(getConfiguration.invoke(admin, e.getKey(), ANY_BUNDLE), e.getValue());
            }
            return true;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ConfigAdmin refused the configuration: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ConfigAdmin is not the expected version: " + e, e);
        } finally {
            context.ungetService(reference);
        }
    }
}
