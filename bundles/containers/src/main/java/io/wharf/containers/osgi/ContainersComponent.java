package io.wharf.containers.osgi;

import io.wharf.api.container.ContainerService;
import io.wharf.api.events.EventBus;
import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.log.LogDriverResolver;
import io.wharf.api.network.NetworkService;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.volume.VolumeService;
import io.wharf.containers.backend.ContainerOperations;
import io.wharf.containers.backend.NetworkAttachments;
import io.wharf.containers.exec.ExecService;
import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.lifecycle.ContainerServiceImpl;
import io.wharf.containers.lifecycle.ContainersAssembly;
import io.wharf.containers.create.ContainerDefaults;
import io.wharf.containers.lifecycle.EngineSettings;
import io.wharf.containers.lifecycle.ReturningService;
import io.wharf.containers.logs.drivers.PluginLogDrivers;
import io.wharf.containers.rest.ContainersBackend;
import io.wharf.containers.rest.ExecBackend;
import io.wharf.containers.rest.NetworkAttachBackend;
import io.wharf.linux.LinuxFs;
import io.wharf.support.ImagePolicies;
import io.wharf.support.osgi.ServiceRegistrations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the container engine on {@code <data-root>/containers} once the image store and an execution driver are
 * there, reconciles the stored containers with the driver, and registers the container service and the backends
 * of this bundle's REST resources and hijacked endpoints (attach, exec start), which are DS components that
 * require them. Registrations are made by hand so that they, and with them the routes, appear only after the
 * containers were loaded and go away before the engine stops.
 */
@Component(immediate = true, service = {}, configurationPid = ContainersConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ContainersConfiguration.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.wharf.api.container.ContainerService\"")
public final class ContainersComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ContainersComponent.class);

    @Reference
    private ImageService images;
    @Reference
    private ContainerLayerStore layers;
    /** The process's file-system calls (volume copy-up), the linux bundle's service. */
    @Reference
    private LinuxFs fs;
    /** Static: when the driver goes, the engine stops monitoring; the next one re-adopts the containers. */
    @Reference
    private ExecutionDriver driver;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus eventBus;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineMetrics metrics;
    /** Optional and dynamic: the networks and volumes bundles can be swapped while containers keep running. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NetworkService networkService;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VolumeService volumeService;

    /** Log-driver plugins: a resolver may come and go while containers run (their sinks stay open). */
    private final PluginLogDrivers logPlugins = new PluginLogDrivers();
    /** Vendors' image policies, asked before a client's create; they come and go with their bundles. */
    private final ImagePolicies imagePolicies = new ImagePolicies();

    private ServiceRegistrations registrations;
    private volatile ContainersAssembly assembly;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;

    @Activate
    void activate(BundleContext context, ContainersConfiguration config) throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("wharf-containers-timer"));
        // idle workers end after 5 s, not the cached pool's minute: a burst (20 containers exiting at once) leaves
        // no crowd of idle threads
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads("wharf-containers-worker"));
        // a container started while the networks or volumes bundle is updated (or restarted with this engine by a
        // refresh) waits for its service
        ReturningService<NetworkService> networks =
                new ReturningService<>(() -> networkService, ReturningService.RETURN_MILLIS, this::engineClosing);
        ReturningService<VolumeService> volumes =
                new ReturningService<>(() -> volumeService, ReturningService.RETURN_MILLIS, this::engineClosing);
        assembly = new ContainersAssembly(java.nio.file.Path.of(config.dataRoot(), "containers"), images, layers, driver, fs,
                EngineSettings.forHost(config.defaultRuntime(), config.logDriver(), keyValues(config.logOpts()))
                        .withDefaults(defaults(config)),
                () -> eventBus, () -> metrics, networks, volumes,
                logPlugins, scheduler,
                workers);
        ContainerEngine engine = assembly.engine();
        engine.load();
        ContainerServiceImpl service = assembly.service();
        ExecService execs = assembly.execs();
        images.setImageUsage(service);

        registrations = new ServiceRegistrations(context);
        registrations.service(ContainerService.class, service);
        registrations.service(ContainersBackend.class,
                new ContainerOperations(engine, assembly.creator(), images, layers, scheduler, imagePolicies));
        registrations.service(ExecBackend.class, execs);
        registrations.service(NetworkAttachBackend.class, new NetworkAttachments(engine));
        // the hijacked endpoints' backends: bundle-private classes, no interface of their own yet
        registrations.service(ContainerEngine.class, engine);
        registrations.service(ExecService.class, execs);
        networks.serving();
        volumes.serving();
        LOG.info("container engine ready with {} containers (execution driver {})", assembly.index().all().size(),
                driver.name());
    }

    /**
     * The engine is closing: a start waiting for the network or volume service gives up, as the bundles being
     * refreshed with it will not return before the engine's close, which waits for that start, is over.
     */
    private boolean engineClosing() {
        ContainersAssembly a = assembly;
        return a != null && a.engine().isClosed();
    }

    @Reference(service = LogDriverResolver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addLogDriverResolver(LogDriverResolver resolver) {
        logPlugins.addResolver(resolver);
    }

    void removeLogDriverResolver(LogDriverResolver resolver) {
        logPlugins.removeResolver(resolver);
    }

    @Reference(service = ImagePolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addImagePolicy(ImagePolicy policy) {
        imagePolicies.add(policy);
    }

    void removeImagePolicy(ImagePolicy policy) {
        imagePolicies.remove(policy);
    }

    private static ContainerDefaults defaults(ContainersConfiguration config) throws java.io.IOException {
        return ContainerDefaults.of(config.defaultUlimits(), config.defaultShmSize(), config.defaultCgroupnsMode(),
                config.noNewPrivileges(), config.seccompProfile(), config.dnsSearch(), config.dnsOptions());
    }

    @Deactivate
    void deactivate() {
        if (registrations != null) {
            registrations.unregisterAll();
        }
        try {
            images.setImageUsage(null);
        } catch (RuntimeException ignored) {
            // the image store may be going away too
        }
        if (assembly != null) {
            assembly.close();
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    /** The launcher writes log-opts as key=value strings (ConfigAdmin has no maps). */
    private static Map<String, String> keyValues(String[] pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, Math.max(eq, 0)), pair.substring(eq + 1));
        }
        return map;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
