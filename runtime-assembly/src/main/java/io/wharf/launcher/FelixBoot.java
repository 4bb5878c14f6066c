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

/**
 * Starts Felix with the distribution's bundle set: {@code bundles/<start level>/*.jar}, each level started
 * after the one below it (level 1 holds SPI Fly, which must be active before anything loads SLF4J).
 */
final class FelixBoot {
    private final Map<String, String> properties;
    private final Path bundlesDir;
    private Framework framework;

    FelixBoot(Map<String, String> properties, Path bundlesDir) {
        this.properties = properties;
        this.bundlesDir = bundlesDir;
    }

    void start() throws BundleException, IOException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        framework = factory.newFramework(properties);
        framework.init();
        int highest = 1;
        Set<String> installed = new HashSet<>();
        for (Path levelDir : list(bundlesDir)) {
            int level = Integer.parseInt(levelDir.getFileName().toString());
            highest = Math.max(highest, level);
            for (Path jar : list(levelDir)) {
                if (!jar.toString().endsWith(".jar") || !installed.add(jar.getFileName().toString())) {
                    continue; // a jar that two features bring is installed once, at the lower level
                }
                Bundle bundle = framework.getBundleContext().installBundle(jar.toUri().toString());
                if (bundle.getHeaders().get("Fragment-Host") != null) {
                    continue;
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(level);
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        framework.start();
        framework.adapt(FrameworkStartLevel.class).setStartLevel(highest);
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

}
