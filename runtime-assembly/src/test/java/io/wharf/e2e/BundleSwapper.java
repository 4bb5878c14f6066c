package io.wharf.e2e;

import io.wharf.e2e.swap.BundleSwapperActivator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Drives {@link BundleSwapperActivator} in a running wharfd: packs it as a bundle into the daemon's plugins folder
 * (FileInstall starts it), then asks it for {@code Bundle.update}, {@code stop} and {@code start} of the engine's
 * bundles through request files, and reads its reports.
 */
final class BundleSwapper {
    private static final String SYMBOLIC_NAME = "io.wharf.test.bundle-swapper";
    private final Path dir;
    private final Path distribution;
    private int requests;

    private BundleSwapper(Path dir, Path distribution) {
        this.dir = dir;
        this.distribution = distribution;
    }

    /** Installs the swapper into the daemon whose plugins folder this is; requests go through {@code work}. */
    static BundleSwapper install(Path plugins, Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("swap-requests"));
        ActivatorBundles.pack(plugins.resolve("bundle-swapper.jar"), work, SYMBOLIC_NAME, BundleSwapperActivator.class,
                "org.osgi.framework,org.osgi.framework.wiring",
                java.util.Map.of(BundleSwapperActivator.DIR_HEADER, dir.toString()));
        return new BundleSwapper(dir, Wharfd.distribution());
    }

    /** Bundle.update of the named bundle from a copy of its distribution jar marked as build {@code build}. */
    Properties update(String symbolicName, String build) throws IOException, InterruptedException {
        Path jar = dir.resolve(symbolicName + "-" + build + ".jar");
        markedCopy(jarOf(symbolicName), jar, build);
        return request(symbolicName, "update", "jar=" + jar);
    }

    Properties stop(String symbolicName) throws IOException, InterruptedException {
        return request(symbolicName, "stop", "");
    }

    /** Starts the bundle and waits until it registers {@code services} services again. */
    Properties start(String symbolicName, int services) throws IOException, InterruptedException {
        return request(symbolicName, "start", "services=" + services);
    }

    private Properties request(String symbolicName, String action, String extra) throws IOException,
            InterruptedException {
        String name = "r" + requests++;
        Path tmp = dir.resolve(name + ".tmp-request");
        Files.writeString(tmp, "bundle=" + symbolicName + "\naction=" + action + "\n" + extra + "\n");
        Files.move(tmp, dir.resolve(name + ".request"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Path done = dir.resolve(name + ".done");
        long deadline = System.currentTimeMillis() + 90_000;
        while (!Files.exists(done)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(action + " of " + symbolicName + " not answered (is the swapper running?)");
            }
            Thread.sleep(50);
        }
        Properties report = new Properties();
        try (Reader r = Files.newBufferedReader(done)) {
            report.load(r);
        }
        if (report.getProperty("error") != null) {
            throw new AssertionError(action + " of " + symbolicName + " failed: " + report.getProperty("error"));
        }
        return report;
    }

    private Path jarOf(String symbolicName) throws IOException {
        try (Stream<Path> jars = Files.walk(distribution.resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    String bsn = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                    if (bsn != null && bsn.split(";")[0].trim().equals(symbolicName)) {
                        return jar;
                    }
                }
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in " + distribution);
    }

    /** The same bundle with a header naming the build, so that the report shows the new revision runs. */
    private static void markedCopy(Path source, Path target, String build) throws IOException {
        try (JarFile in = new JarFile(source.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue(BundleSwapperActivator.BUILD_HEADER, build);
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                }
            }
        }
    }
}
