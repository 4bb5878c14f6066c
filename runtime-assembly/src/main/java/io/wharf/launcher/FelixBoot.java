package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts Felix with the distribution's bundle set: {@code bundles/<start level>/*.jar}, each level started
 * after the one below it (level 1 holds DS, ConfigAdmin and logging, which every other level uses), and keeps
 * ConfigAdmin supplied with the daemon's configurations.
 */
final class FelixBoot {
    private final Map<String, String> properties;
    private final Path bundlesDir;
    private Framework framework;
    private volatile ConfigurationPublisher publisher;

    private final BundleCache cache;

    FelixBoot(Map<String, String> properties, Path bundlesDir, BundleCache cache) {
        this.properties = properties;
        this.bundlesDir = bundlesDir;
        this.cache = cache;
    }

    /** Starts the bundles, ConfigAdmin receiving these configurations before any component can ask for them. */
    void start(Map<String, java.util.Hashtable<String, Object>> configurations)
            throws BundleException, IOException, org.osgi.framework.InvalidSyntaxException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        List<Path> levels = list(bundlesDir);
        int highest = levels.stream().mapToInt(FelixBoot::level).max().orElse(1);
        Map<String, String> props = new java.util.HashMap<>(properties);
        // start() then raises the start level itself and fires STARTED once every level is up,
        // which is how bundles (the REST API) know that startup is over.
        props.put("org.osgi.framework.startlevel.beginning", String.valueOf(highest));
        framework = factory.newFramework(props);
        cache.invalidate(); // until this run has installed the whole set again
        framework.init();
        trace("framework initialised");
        publisher = new ConfigurationPublisher(framework.getBundleContext(), configurations);
        if (Boolean.getBoolean("wharf.trace.startup")) {
            framework.getBundleContext().addBundleListener((org.osgi.framework.SynchronousBundleListener) e -> {
                if (e.getType() == org.osgi.framework.BundleEvent.STARTING) {
                    trace("starting " + e.getBundle().getSymbolicName());
                } else if (e.getType() == org.osgi.framework.BundleEvent.STARTED) {
                    trace("started " + e.getBundle().getSymbolicName());
                }
            });
        }
        Set<String> installed = new HashSet<>();
        for (Path levelDir : levels) {
            for (Path jar : list(levelDir)) {
                if (!jar.toString().endsWith(".jar") || !installed.add(jar.getFileName().toString())) {
                    continue; // a jar that two features bring is installed once, at the lower level
                }
                // reference: makes Felix use the jar in place instead of copying it into its cache on every start
                Bundle bundle = framework.getBundleContext().installBundle("reference:" + jar.toUri());
                if (bundle.getHeaders().get("Fragment-Host") != null) {
                    continue;
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(level(levelDir));
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        trace("bundles installed");
        cache.recordInstalled();
        framework.adapt(FrameworkWiring.class).resolveBundles(null);
        trace("bundles resolved");
        framework.start();
        trace("framework started at start level " + highest);
    }

    private static int level(Path levelDir) {
        return Integer.parseInt(levelDir.getFileName().toString());
    }

    /** Startup phases on stderr with -Dwharf.trace.startup=true, to see where startup time goes. */
    static void trace(String phase) {
        if (Boolean.getBoolean("wharf.trace.startup")) {
            long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            System.err.println("wharfd startup: " + phase + " at " + uptime + " ms");
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("bundle folder missing: " + dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    void stop() {
        Framework fw = framework;
        if (fw == null || (fw.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
            return;
        }
        try {
            fw.stop();
            fw.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            System.err.println("wharfd: error while stopping: " + e);
        }
    }

    /** Hands configurations read again on SIGHUP to ConfigAdmin; false when it is not running. */
    boolean publish(Map<String, java.util.Hashtable<String, Object>> configurations) {
        ConfigurationPublisher p = publisher;
        return p != null && p.publish(configurations);
    }
}
