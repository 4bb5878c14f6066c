package io.wharf.e2e.swap;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A test-only bundle that the hot-swap test drops into a running wharfd's {@code plugins/} folder: it carries
 * out, inside the daemon, the {@code Bundle.update}, {@code stop} and {@code start} calls the test asks for in
 * request files (the core bundles are not in a FileInstall-watched folder), and answers each with a report of
 * the bundle afterwards. Only java.* and org.osgi.framework.* are used, so the bundle is this one class.
 */
public final class BundleSwapperActivator implements BundleActivator {
    /** The manifest header naming the folder of requests ({@code NAME.request}) and answers ({@code NAME.done}). */
    public static final String DIR_HEADER = "Wharf-Swap-Dir";
    /** The header the test adds to a bundle's new jar, so that the report tells which revision runs. */
    public static final String BUILD_HEADER = "Wharf-Swap-Build";
    private static final long SETTLE_TIMEOUT_MS = 60_000;
    private volatile boolean running;
    private Thread worker;

    @Override
    public void start(BundleContext context) {
        Path dir = Path.of(context.getBundle().getHeaders().get(DIR_HEADER));
        running = true;
        worker = new Thread(() -> serve(context, dir), "wharf-test-bundle-swapper");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(5_000);
    }

    private void serve(BundleContext context, Path dir) {
        while (running) {
            try (DirectoryStream<Path> requests = Files.newDirectoryStream(dir, "*.request")) {
                for (Path request : requests) {
                    answer(context, request);
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                System.err.println("bundle swapper: " + e);
            }
        }
    }

    private void answer(BundleContext context, Path request) throws IOException, InterruptedException {
        Properties in = new Properties();
        try (InputStream s = Files.newInputStream(request)) {
            in.load(s);
        }
        Properties out = new Properties();
        try {
            Bundle bundle = find(context, in.getProperty("bundle"));
            int servicesBefore = services(bundle);
            switch (in.getProperty("action")) {
                case "update" -> update(context, bundle, Path.of(in.getProperty("jar")));
                case "stop" -> bundle.stop();
                case "start" -> bundle.start();
                default -> throw new IllegalArgumentException("unknown action " + in.getProperty("action"));
            }
            // a start after a stop is told how many services the bundle had before it
            int expected = Integer.parseInt(in.getProperty("services", String.valueOf(servicesBefore)));
            if (bundle.getState() == Bundle.ACTIVE) {
                awaitServices(bundle, expected);
            }
            out.setProperty("servicesBefore", String.valueOf(servicesBefore));
            out.setProperty("state", String.valueOf(bundle.getState()));
            out.setProperty("services", String.valueOf(services(bundle)));
            out.setProperty("revisions", String.valueOf(bundle.adapt(BundleRevisions.class).getRevisions().size()));
            String build = bundle.getHeaders().get(BUILD_HEADER);
            out.setProperty("build", build == null ? "" : build);
        } catch (Exception e) {
            out.setProperty("error", e.toString());
        }
        String name = request.getFileName().toString().replace(".request", "");
        Path tmp = request.resolveSibling(name + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.store(w, null);
        }
        Files.delete(request);
        Files.move(tmp, request.resolveSibling(name + ".done"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Bundle find(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalArgumentException("no bundle " + symbolicName);
    }

    /**
     * Bundle.update restarts the bundle on its new jar; a refresh is needed only when another bundle still wires
     * to the old revision (Felix keeps it then), and it would restart the bundle a second time otherwise.
     */
    private static void update(BundleContext context, Bundle bundle, Path jar) throws Exception {
        try (InputStream in = Files.newInputStream(jar)) {
            bundle.update(in);
        }
        if (bundle.adapt(BundleRevisions.class).getRevisions().size() > 1) {
            CompletableFuture<Void> refreshed = new CompletableFuture<>();
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
                if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                    refreshed.complete(null);
                }
            });
            refreshed.get(SETTLE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** DS registers the bundle's services once its components are satisfied again: wait for as many as before. */
    private static void awaitServices(Bundle bundle, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        while (services(bundle) < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private static int services(Bundle bundle) {
        var registered = bundle.getRegisteredServices();
        return registered == null ? 0 : registered.length;
    }
}
