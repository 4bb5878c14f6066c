package io.wharf.imagestore.osgi;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.storage.StorageDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.imagestore.ContainerLayers;
import io.wharf.imagestore.DriverSelector;
import io.wharf.imagestore.ImageStore;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * Opens the storage driver the daemon configuration names (or the best available one), builds the image store
 * on {@code <data-root>/image/<driver>} and registers it as {@link ImageService} and {@link ContainerLayerStore}.
 * The services are registered by hand so that they can follow the driver: when the chosen driver's provider goes
 * away, they are unregistered and the store closed; when it comes back, they are registered again.
 */
@Component(immediate = true, service = {}, configurationPid = StorageConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = StorageConfiguration.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.wharf.api.image.ImageService\"")
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.wharf.api.image.ContainerLayerStore\"")
public final class ImageStoreComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStoreComponent.class);
    private static final long GRACE_SECONDS = 3;

    private StorageConfiguration config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus eventBus;

    private final Map<String, StorageDriverProvider> providers = new HashMap<>();
    private final AtomicReference<ImageUsage> usage = new AtomicReference<>();
    private BundleContext context;
    private ScheduledExecutorService timer;
    private volatile boolean graceOver;
    private Active active;

    private record Active(String name, StorageDriverProvider provider, StorageDriver driver, ImageStore store,
                          List<ServiceRegistration<?>> registrations) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addProvider(StorageDriverProvider provider, Map<String, Object> properties) {
        providers.put(nameOf(provider, properties), provider);
        if (context != null) {
            evaluate();
        }
    }

    synchronized void removeProvider(StorageDriverProvider provider, Map<String, Object> properties) {
        String name = nameOf(provider, properties);
        if (providers.get(name) == provider) {
            providers.remove(name);
        }
        if (active != null && active.provider() == provider) {
            if (daemonStopping()) {
                tearDown(true);
            } else {
                // swapped (Bundle.update) or stopped while containers run on its mounts: they stay, and the next
                // driver takes them over from the mount table, as after a crash
                LOG.info("storage driver {} went away: closing the image store, keeping its mounts", name);
                tearDown(false);
            }
        }
        if (context != null) {
            evaluate();
        }
    }

    private static String nameOf(StorageDriverProvider provider, Map<String, Object> properties) {
        Object n = properties.get(StorageDriverProvider.NAME_PROPERTY);
        return n != null ? n.toString() : provider.name();
    }

    @Activate
    synchronized void activate(BundleContext ctx, StorageConfiguration config) {
        this.config = config;
        this.context = ctx;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-image-store-driver-wait");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(() -> {
            graceOver = true;
            synchronized (this) {
                if (context != null && active == null) {
                    evaluate();
                }
            }
        }, GRACE_SECONDS, TimeUnit.SECONDS);
        evaluate();
    }

    @Deactivate
    synchronized void deactivate() {
        tearDown(true);
        context = null;
        timer.shutdownNow();
    }

    private void evaluate() {
        if (active != null) {
            return; // the daemon keeps its driver while it is there, as dockerd does
        }
        Path dataRoot = Path.of(config.dataRoot());
        String name = DriverSelector.select(config.storageDriver(), providers, dataRoot, graceOver);
        if (name == null) {
            if (graceOver) {
                LOG.warn("no usable storage driver yet (configured: {}, available: {})", config.storageDriver(),
                        providers.keySet());
            }
            return;
        }
        StorageDriverProvider provider = providers.get(name);
        StorageDriver driver = null;
        try {
            List<String> options = List.of(config.storageOpts());
            driver = provider.open(dataRoot.resolve(name), options);
            Consumer<Event> events = e -> {
                EventBus bus = eventBus;
                if (bus != null) {
                    bus.publish(e);
                }
            };
            ImageStore store = new ImageStore(dataRoot.resolve("image").resolve(name), driver, events, usage);
            ContainerLayers containerLayers = new ContainerLayers(store);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(StorageDriverProvider.NAME_PROPERTY, name);
            ServiceRegistration<?> r1 = context.registerService(ImageService.class, store, props);
            ServiceRegistration<?> r2 = context.registerService(ContainerLayerStore.class, containerLayers, props);
            active = new Active(name, provider, driver, store, List.of(r1, r2));
            LOG.info("image store open on {} with storage driver {}", dataRoot, name);
        } catch (Exception e) {
            LOG.error("cannot open the image store with storage driver {}: {}", name, e.toString(), e);
            if (driver != null) {
                try {
                    driver.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
        }
    }

    private boolean daemonStopping() {
        return context != null && context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING;
    }

    /** Unregisters the image store; {@code closeDriver} also closes the driver, which unmounts its layers. */
    private void tearDown(boolean closeDriver) {
        Active a = active;
        active = null;
        if (a == null) {
            return;
        }
        for (ServiceRegistration<?> r : a.registrations()) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone
            }
        }
        if (!closeDriver) {
            return;
        }
        try {
            a.driver().close();
        } catch (Exception e) {
            LOG.warn("closing storage driver {} failed: {}", a.name(), e.toString());
        }
    }
}
