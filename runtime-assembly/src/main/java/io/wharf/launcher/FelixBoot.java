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
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts Felix with the distribution's bundle set: {@code bundles/<start level>/*.jar}, each level started
 * after the one below it (level 1 holds DS, ConfigAdmin and logging, which every other level uses), and keeps
 * ConfigAdmin supplied with the daemon's configurations.
 */
final class FelixBoot {
    /**
     * Bundles at this start level and above start once the API answers (the REST bundle raises the framework's
     * start level then): what the first requests ({@code version}, {@code ps}) do not need, such as the image
     * builder. Meanwhile the REST bundle holds a request for one of their routes until they are up (LateStart).
     */
    static final int LATE_LEVEL = 5;
    /** Framework property: the start level raised to after startup; the REST bundle reads it. */
    static final String FINAL_START_LEVEL_PROPERTY = "wharf.startlevel.final";
    private static final long LATE_START_FALLBACK_MS = 60_000;
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
        int serving = levels.stream().mapToInt(FelixBoot::level).filter(l -> l < LATE_LEVEL).max().orElse(highest);
        Map<String, String> props = new java.util.HashMap<>(properties);
        // start() raises the start level to the beginning level itself and fires STARTED once those levels are
        // up, which is how the REST API knows it can serve; the late levels follow (see LATE_LEVEL).
        props.put("org.osgi.framework.startlevel.beginning", String.valueOf(serving));
        props.put(FINAL_START_LEVEL_PROPERTY, String.valueOf(highest));
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
        List<Bundle> early = new java.util.ArrayList<>();
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
                if (level(levelDir) < LATE_LEVEL) {
                    early.add(bundle);
                }
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        trace("bundles installed");
        cache.recordInstalled();
        // the late bundles resolve when they start: their wiring is no work for the API's start
        framework.adapt(FrameworkWiring.class).resolveBundles(early);
        trace("bundles resolved");
        framework.start();
        trace("framework started at start level " + serving);
        if (highest > serving) {
            raiseLater(highest);
        }
    }

    /**
     * The REST bundle raises the start level once the API answers; should it never (no REST bundle, a failed
     * start), the late bundles still start after a while.
     */
    private void raiseLater(int level) {
        FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
        framework.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == org.osgi.framework.FrameworkEvent.STARTLEVEL_CHANGED
                    && startLevel.getStartLevel() >= level) {
                trace("late bundles started at start level " + level);
            }
        });
        Thread fallback = new Thread(() -> {
            try {
                Thread.sleep(LATE_START_FALLBACK_MS);
                if (startLevel.getStartLevel() < level && (framework.getState() & Bundle.ACTIVE) != 0) {
                    System.err.println("wharfd: the API did not open; starting the remaining bundles anyway");
                    startLevel.setStartLevel(level);
                }
            } catch (InterruptedException | IllegalStateException stopped) {
                // the daemon is stopping
            }
        }, "wharfd-late-start");
        fallback.setDaemon(true);
        fallback.start();
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
