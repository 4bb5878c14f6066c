package io.wharf.rest;

import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RequestAuthorizer;
import io.wharf.api.rest.RestResources;
import io.wharf.linux.SystemdNotify;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Wires the API server to its configuration and to the endpoints other bundles register. A changed
 * configuration restarts the listeners (DS reactivates the component); wharfd changes it only at startup.
 */
@Component(immediate = true, configurationPid = ApiConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApiConfiguration.class)
public final class RestComponent {
    private final List<Object> resources = new CopyOnWriteArrayList<>();
    private final Map<HijackedEndpoint, String> hijacked = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RestComponent.class);
    private static final String DEFAULT_HOST = "unix:///run/wharf/wharf.sock";
    /** Framework property: the start level wharfd raises the framework to once the API answers. */
    static final String FINAL_START_LEVEL_PROPERTY = "wharf.startlevel.final";
    private volatile ApiServer server;
    private volatile EngineMetrics metrics;
    /** Authorization plugins, when their bundle is there; without it every request is served. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile RequestAuthorizer authorizer;
    private FrameworkListener startupListener;
    /** How long a request for a route no one serves yet waits for the late bundles' components. */
    private static final long LATE_COMPONENTS_MS = 5_000;
    private final java.util.concurrent.atomic.AtomicBoolean lateComponentsAwaited =
            new java.util.concurrent.atomic.AtomicBoolean();
    private org.osgi.framework.BundleListener swapListener;

    @Activate
    void activate(BundleContext context, ApiConfiguration config) throws Exception {
        try {
            serve(context, config);
        } catch (Exception e) {
            // A daemon that cannot serve its API is of no use: stop it with an error, as dockerd exits.
            LOG.error("cannot serve the API: {}", e.getMessage(), e);
            System.setProperty("wharf.exitCode", "1");
            Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
            new Thread(() -> {
                try {
                    framework.stop();
                } catch (org.osgi.framework.BundleException ignored) {
                    // already stopping
                }
            }, "wharf-fatal-stop").start();
            throw e;
        }
    }

    private void serve(BundleContext context, ApiConfiguration config) throws Exception {
        String version = context.getBundle().getVersion().toString();
        TlsSettings tls = TlsSettings.of(config.tls(), config.tlsVerify(), unset(config.tlsCaCert()),
                unset(config.tlsCert()), unset(config.tlsKey()));
        List<String> hosts = config.hosts().length == 0 ? List.of(DEFAULT_HOST) : List.of(config.hosts());
        ApiServer created = new ApiServer(hosts, tls, unset(config.apiCorsHeader()), unset(config.group()),
                "Wharf/" + version + " (linux)", resources);
        hijacked.forEach((endpoint, pattern) -> created.addHijackedEndpoint(pattern, endpoint));
        EngineMetrics m = metrics;
        if (m != null) {
            created.requestMetrics().bind(m);
        }
        created.authorizeWith(() -> authorizer);
        created.start();
        server = created;
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        FrameworkStartLevel levels = framework.adapt(FrameworkStartLevel.class);
        // wharfd starts the framework up to the level the API needs (the beginning level), then raises it to
        // the final level: the bundles above the beginning level start while the API already answers
        int beginning = startLevelProperty(context, Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
        int finalLevel = startLevelProperty(context, FINAL_START_LEVEL_PROPERTY);
        if (framework.getState() != Bundle.ACTIVE && finalLevel > beginning && beginning > 0) {
            created.lateStartBegins();
            // once the API answers, not before: the late bundles would compete with its start for the CPU
            created.ready().whenComplete((ok, failed) -> raiseStartLevel(levels, finalLevel));
        }
        swapListener = settlingListener(context.getBundle(), created.settling(), bundle -> created.lateStarting()
                && bundle.adapt(BundleStartLevel.class).getStartLevel() > beginning);
        context.addBundleListener(swapListener);
        created.ready().thenRun(() -> tellServiceManager("READY=1\nSTATUS=API ready"));
        startupListener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                created.startupComplete();
            }
            if (levels.getStartLevel() >= finalLevel && lateComponentsAwaited.compareAndSet(false, true)) {
                completeLateStartWhenUp(context, created, beginning);
            }
        };
        context.addFrameworkListener(startupListener);
        if (framework.getState() == Bundle.ACTIVE) { // started before, or while we registered
            created.startupComplete();
        }
    }

    /**
     * The late bundles have started; their routes come once their components are up ({@link LateComponents}):
     * until then a request for a route nobody serves yet waits, at most {@link #LATE_COMPONENTS_MS}.
     */
    private static void completeLateStartWhenUp(BundleContext context, ApiServer server, int beginning) {
        Thread waiter = new Thread(() -> {
            long deadline = System.nanoTime() + LATE_COMPONENTS_MS * 1_000_000L;
            try {
                while (System.nanoTime() < deadline && !lateComponentsUp(context, beginning)) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException | IllegalStateException stopping) {
                // the framework or this bundle is stopping: nothing waits any more
            } finally {
                server.lateStartComplete();
            }
        }, "wharf-late-components");
        waiter.setDaemon(true);
        waiter.start();
    }

    private static boolean lateComponentsUp(BundleContext context, int beginning) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return true; // no DS runtime to ask: the bundles' start is all there is
        }
        try {
            Bundle[] late = java.util.Arrays.stream(context.getBundles())
                    .filter(b -> b.getState() == Bundle.ACTIVE
                            && b.adapt(BundleStartLevel.class).getStartLevel() > beginning)
                    .toArray(Bundle[]::new);
            return LateComponents.up(scr, late);
        } finally {
            context.ungetService(ref);
        }
    }

    private static void raiseStartLevel(FrameworkStartLevel levels, int level) {
        try {
            if (levels.getStartLevel() < level) {
                levels.setStartLevel(level);
            }
        } catch (IllegalStateException | IllegalArgumentException stopping) {
            LOG.debug("cannot raise the start level to {}: {}", level, stopping.getMessage());
        }
    }

    /** A start level from a framework property; 0 when it is not set (a framework started by other means). */
    private static int startLevelProperty(BundleContext context, String name) {
        try {
            return Integer.parseInt(String.valueOf(context.getProperty(name)));
        } catch (NumberFormatException none) {
            return 0;
        }
    }

    /**
     * Reports every other bundle's way between resting states to the server, synchronously (so that the
     * components it takes down are not yet gone when the requests start waiting), once the daemon has started:
     * until then the requests wait for the whole start anyway.
     */
    private static org.osgi.framework.BundleListener settlingListener(Bundle own, EngineSettling settling,
            java.util.function.Predicate<Bundle> startingLate) {
        Bundle framework = own.getBundleContext().getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return (org.osgi.framework.SynchronousBundleListener) event -> {
            long id = event.getBundle().getBundleId();
            // the framework's own STARTED event (fired once it is ACTIVE) swaps no component: counting it made
            // the first requests after start-up wait out a quiet time
            if (id == own.getBundleId() || id == Constants.SYSTEM_BUNDLE_ID
                    || framework.getState() != Bundle.ACTIVE) {
                return;
            }
            int type = event.getType();
            if ((type == BundleEvent.RESOLVED || type == BundleEvent.STARTING || type == BundleEvent.STARTED)
                    && startingLate.test(event.getBundle())) {
                return; // a first start after the API opened swaps nothing: LateStart holds what needs it
            }
            switch (event.getType()) {
                case BundleEvent.STOPPING, BundleEvent.UNRESOLVED, BundleEvent.STARTING -> settling.begin(id);
                case BundleEvent.STOPPED, BundleEvent.RESOLVED, BundleEvent.STARTED, BundleEvent.UNINSTALLED ->
                        settling.end(id);
                default -> { } // installed, updated, lazy activation: no component comes or goes
            }
        };
    }

    /** systemd's Type=notify: the unit counts as started once the API answers, not when the process exists. */
    private static void tellServiceManager(String state) {
        try {
            if (SystemdNotify.notify(state)) {
                LOG.debug("told the service manager {}", state.replace('\n', ' '));
            }
        } catch (java.io.IOException e) {
            LOG.warn("cannot notify the service manager: {}", e.getMessage());
        }
    }

    /** The configuration says "" for a value not set; the server takes null. */
    private static String unset(String value) {
        return value.isEmpty() ? null : value;
    }

    @Deactivate
    void deactivate(BundleContext context) throws Exception {
        if (startupListener != null) {
            context.removeFrameworkListener(startupListener);
        }
        if (swapListener != null) {
            context.removeBundleListener(swapListener);
        }
        ApiServer s = server;
        server = null;
        if (s != null) {
            tellServiceManager("STOPPING=1");
            s.close();
        }
    }

    @Reference(service = Object.class, target = RestResources.RESOURCE_FILTER,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addResource(Object resource, ServiceReference<?> reference) {
        Bundle owner = reference.getBundle(); // who registered it, not who defined its class
        synchronized (resources) { // the check and the add as one, so that the first of two duplicates wins
            var refusal = VendorRoutes.refusal(resource, owner == null ? null : owner.getSymbolicName(), resources);
            if (refusal.isPresent()) {
                LOG.error("not serving a REST resource: {}", refusal.get());
                return;
            }
            resources.add(resource);
        }
        ApiServer s = server;
        if (s != null) {
            s.addResource(resource);
        }
    }

    void removeResource(Object resource) {
        ApiServer s = server;
        if (resources.remove(resource) && s != null) {
            s.removeResource(resource);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHijackedEndpoint(HijackedEndpoint endpoint, Map<String, Object> properties) {
        String pattern = String.valueOf(properties.get(HijackedEndpoint.PATH_PATTERN_PROPERTY));
        hijacked.put(endpoint, pattern);
        ApiServer s = server;
        if (s != null) {
            s.addHijackedEndpoint(pattern, endpoint);
        }
    }

    void removeHijackedEndpoint(HijackedEndpoint endpoint) {
        hijacked.remove(endpoint);
        ApiServer s = server;
        if (s != null) {
            s.removeHijackedEndpoint(endpoint);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(EngineMetrics m) {
        metrics = m;
        ApiServer s = server;
        if (s != null) {
            s.bindMetrics(m);
        }
    }

    void unbindMetrics(EngineMetrics m) {
        if (metrics == m) {
            metrics = null;
        }
        ApiServer s = server;
        if (s != null) {
            s.unbindMetrics(m);
        }
    }
}
