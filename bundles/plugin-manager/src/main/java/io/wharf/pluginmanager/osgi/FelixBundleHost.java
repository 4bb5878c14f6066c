package io.wharf.pluginmanager.osgi;

import io.wharf.api.errors.EngineException;
import io.wharf.api.build.ImageBuilder;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.pluginmanager.BundleHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Plugins as Felix bundles. A plugin's bundle gets the hot-deploy start level, as a jar dropped in plugins/
 * does; after an update or uninstall the framework is refreshed for that bundle so its old revision goes.
 */
final class FelixBundleHost implements BundleHost {
    private static final int PLUGIN_START_LEVEL = 4;
    /** The service property each driver SPI names its drivers with, by plugin capability. */
    private static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            "volumedriver", VolumeDriver.NAME_PROPERTY,
            "networkdriver", NetworkDriver.NAME_PROPERTY,
            "ipamdriver", IpamDriver.NAME_PROPERTY,
            "storagedriver", StorageDriverProvider.NAME_PROPERTY,
            "executiondriver", ExecutionDriver.NAME_PROPERTY,
            "builder", ImageBuilder.NAME_PROPERTY);
    private final BundleContext context;

    FelixBundleHost(BundleContext context) {
        this.context = context;
    }

    @Override
    public void install(String location, Path jar) throws IOException {
        if (context.getBundle(location) != null) {
            return; // kept by the framework's cache from the previous run
        }
        try (InputStream in = Files.newInputStream(jar)) {
            Bundle bundle = context.installBundle(location, in);
            bundle.adapt(BundleStartLevel.class).setStartLevel(PLUGIN_START_LEVEL);
        } catch (BundleException e) {
            throw EngineException.invalid("the plugin's jar does not install as a bundle: %s", e.getMessage());
        }
    }

    @Override
    public void update(String location, Path jar) throws IOException {
        Bundle bundle = bundle(location);
        try (InputStream in = Files.newInputStream(jar)) {
            bundle.update(in);
        } catch (BundleException e) {
            throw EngineException.invalid("the plugin's new jar does not update its bundle: %s", e.getMessage());
        }
        refresh(bundle);
    }

    @Override
    public void start(String location) throws IOException {
        try {
            bundle(location).start();
        } catch (BundleException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void stop(String location) throws IOException {
        try {
            bundle(location).stop();
        } catch (BundleException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void uninstall(String location) throws IOException {
        Bundle bundle = context.getBundle(location);
        if (bundle == null) {
            return;
        }
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            throw new IOException(e.getMessage(), e);
        }
        refresh(bundle);
    }

    @Override
    public Set<String> installed(String prefix) {
        Set<String> result = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(prefix)) {
                result.add(bundle.getLocation());
            }
        }
        return result;
    }

    @Override
    public Optional<String> driverProvider(String capability, String name, String exceptLocation) {
        String property = DRIVER_PROPERTIES.get(capability);
        if (property == null) {
            return Optional.empty();
        }
        for (ServiceReference<?> reference : references(property, name)) {
            Bundle bundle = reference.getBundle();
            if (bundle != null && !bundle.getLocation().equals(exceptLocation)) {
                return Optional.of(bundle.getSymbolicName());
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean awaitDriver(String capability, String name, String location, long timeoutMillis)
            throws InterruptedException {
        String property = DRIVER_PROPERTIES.get(capability);
        if (property == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        do {
            if (registeredBy(location, property, name)) {
                return true;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return registeredBy(location, property, name);
    }

    private boolean registeredBy(String location, String property, String name) {
        for (ServiceReference<?> reference : references(property, name)) {
            Bundle bundle = reference.getBundle();
            if (bundle != null && bundle.getLocation().equals(location)) {
                return true;
            }
        }
        return false;
    }

    private ServiceReference<?>[] references(String property, String name) {
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(null,
                    "(" + property + "=" + escape(name) + ")");
            return found == null ? new ServiceReference<?>[0] : found;
        } catch (InvalidSyntaxException e) {
            throw EngineException.invalid("invalid driver name %s", name);
        }
    }

    private Bundle bundle(String location) {
        Bundle bundle = context.getBundle(location);
        if (bundle == null) {
            throw EngineException.notFound("the bundle of plugin %s is not installed", location);
        }
        return bundle;
    }

    private void refresh(Bundle bundle) {
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
