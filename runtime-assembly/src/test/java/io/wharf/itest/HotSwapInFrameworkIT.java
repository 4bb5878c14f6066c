package io.wharf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ImageReference;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeService;
import java.io.InputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hot swap proved inside the framework: the engine's services are driven directly, as a vendor bundle drives
 * them, while its driver bundles and its REST bundle are replaced with {@code Bundle.update}: the clients' container
 * cycles do not fail, a running container keeps its process. Then each driver bundle is stopped and started
 * again: its services go and come back, its driver name resolves again, and the host holds what it held before
 * (mounts, veths, nftables rules, monitor processes).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HotSwapInFrameworkIT {
    /** The list: the drivers and the REST bundle. */
    private static final List<String> SWAPPED = List.of("io.wharf.network.bridge", "io.wharf.storage.overlay",
            "io.wharf.runtime.linux", "io.wharf.volume.local", "io.wharf.rest");
    /**
     * The swaps that rebuild the container engine while containers exit, alternating: each new engine adopts
     * containers whose exit conmon is still recording (they once got 255 instead of their own code).
     */
    private static final List<String> ENGINE_SWAPS = List.of("io.wharf.containers", "io.wharf.logging",
            "io.wharf.runtime.linux", "io.wharf.containers", "io.wharf.logging", "io.wharf.runtime.linux");
    /** Swaps that rebuild the container engine: a call on the replaced service is refused, and made again. */
    private static final List<String> ENGINE_REBUILDS = List.of("io.wharf.storage.overlay", "io.wharf.runtime.linux",
            "io.wharf.containers", "io.wharf.logging");
    /** The REST bundle and logging, whose refresh restarts every bundle wired to SLF4J, REST among them. */
    private static final List<String> RESTARTS_REST = List.of("io.wharf.rest", "io.wharf.logging");
    private static final String KEEPER = "keeper";
    private static final String VOLUME = "kept";
    private static final long SETTLE_MS = 60_000;
    private static final WharfFramework WHARF = new WharfFramework(Path.of("/tmp/wharf-paxexam-hotswap"),
            "wtpaxswap0");

    @Inject
    private BundleContext context;
    private ServiceTracker<ContainerService, ContainerService> containers;

    @Configuration
    public Option[] config() throws IOException {
        return WHARF.options();
    }

    /** With nftables: the table named after this test's exec root is part of what must come back unchanged. */
    @Before
    public void configure() throws Exception {
        WHARF.configure(context, true);
        containers = new ServiceTracker<>(context, ContainerService.class, null);
        containers.open();
        assertNotNull("container service registered", containers.waitForService(SETTLE_MS));
        ensureBusybox();
        volumes().create(VOLUME, "local", Map.of(), Map.of()); // returns the volume when it exists
    }

    @After
    public void closeTracker() throws Exception {
        removeContainers();
        containers.close();
    }

    private void removeContainers() throws Exception {
        ContainerService service = containers.waitForService(SETTLE_MS);
        if (service != null) {
            for (ContainerInfo c : service.list()) {
                service.remove(c.id(), true);
            }
        }
    }

    @Test
    public void a_driverAndRestBundlesAreReplacedUnderLoad() throws Exception {
        swapUnderLoad(SWAPPED);
    }

    /** Every container keeps its own exit code across engine rebuilds (the load's containers all exit 0). */
    @Test
    public void a2_engineRebuildsKeepEveryExitCode() throws Exception {
        swapUnderLoad(ENGINE_SWAPS);
    }

    /**
     * The experiment behind the README's list of bundles that cannot be swapped under load: run only when
     * {@code -Dwharf.itest.swap.measure=a,b} names bundles, each updated under the same load, every outcome printed.
     */
    @Test
    public void b_otherBundlesAreMeasuredWhenAsked() throws Exception {
        String measured = System.getProperty("wharf.itest.swap.measure", "");
        org.junit.Assume.assumeFalse("no bundles to measure", measured.isBlank());
        swapUnderLoad(Arrays.asList(measured.split(",")));
    }

    private void swapUnderLoad(List<String> swapped) throws Exception {
        Keeper keeper = Keeper.start(service());
        Thread.sleep(1000); // its marker file, which the load's containers print, is written
        List<String> broken = new ArrayList<>();
        try (InFrameworkLoad load = new InFrameworkLoad(containers, VOLUME, 3)) {
            Thread.sleep(2000);
            for (String name : swapped) {
                load.phase(name);
                try {
                    Bundle bundle = bundle(name);
                    int services = services(bundle);
                    long revisions = update(bundle);
                    assertEquals(name, Bundle.ACTIVE, bundle.getState());
                    assertTrue(name + " runs a new revision", revisions > 0);
                    awaitServices(bundle, services);
                    keeper.assertIntact(service(), name);
                    load.awaitCycles(name, 3); // the clients work on the new revision
                } catch (AssertionError | RuntimeException e) {
                    broken.add(name + ": " + e); // every swap measured, the later ones too
                }
            }
            load.phase("after");
            Thread.sleep(2000);
            load.close();
            System.out.println("in-framework hot swap of " + swapped + ": " + load.cycles()
                    + " container cycles, logs requests retried " + load.dropsByPhase()
                    + ", waits asked again of a new engine " + load.rewaitsByPhase()
                    + ", calls refused by a replaced engine and made again " + load.retriesByPhase()
                    + ", wrong exit codes " + load.wrongExitCodes().size() + " " + load.wrongExitCodes()
                    + ", failures " + load.failures() + ", broken " + broken);
            assertTrue("containers recorded with another exit code: " + load.wrongExitCodes(),
                    load.wrongExitCodes().isEmpty());
            assertTrue("swaps broke the engine: " + broken, broken.isEmpty());
            List<String> unexpected = load.failures().stream()
                    .filter(f -> !(swapped.contains(LOGGING) && cutByLoggingRefresh(f))).toList();
            assertTrue("the clients saw failures during the swaps: " + unexpected, unexpected.isEmpty());
            assertTrue("logs requests dropped outside the swaps that restart the REST bundle: " + load.dropsByPhase(),
                    RESTARTS_REST.containsAll(load.dropsByPhase().keySet()));
            assertTrue("calls refused by a replaced engine outside an engine rebuild: " + load.retriesByPhase(),
                    ENGINE_REBUILDS.containsAll(load.retriesByPhase().keySet()));
            assertTrue("the load hardly ran: " + load.cycles(), load.cycles() >= 10);
        }
        keeper.assertIntact(service(), "the swaps");
    }

    private static final String LOGGING = "io.wharf.logging";

    /**
     * The known limit of a logging swap (README): its refresh restarts every bundle wired to SLF4J, and a start
     * under way that outlasts the engine's close goes on in a class loader the refresh has dropped, failing with a
     * NoClassDefFoundError (1 to 3 per run of 3 clients, some only once the later swaps are over). Its exit code
     * is never wrong, which a2 asserts; any other failure still fails the test.
     */
    private static boolean cutByLoggingRefresh(String failure) {
        return failure.contains("java.lang.NoClassDefFoundError");
    }

    @Test
    public void c_stopAndStartOfEachDriverLeavesNoHalfState() throws Exception {
        try {
            stopAndStartEachDriver();
        } finally {
            // the last test: what the engine keeps on the host by design goes with it
            try {
                removeContainers();
                volumes().remove(VOLUME, true);
            } catch (RuntimeException e) {
                // after a measured swap of the containers bundle the volume may stay counted as in use (README)
                System.out.println("clean-up: " + e);
            } finally {
                WHARF.removeHostNetworking();
            }
        }
    }

    private void stopAndStartEachDriver() throws Exception {
        Keeper keeper = Keeper.start(service());
        for (Driver driver : Driver.values()) {
            Bundle bundle = driver.bundle(context);
            int services = services(bundle);
            String before = hostState();
            bundle.stop();
            assertEquals(driver + ": no services left registered", 0, services(bundle));
            assertNull(driver + " still resolvable", driver.reference(context));
            assertEquals("stopping " + driver + " changed the host", before, hostState());
            bundle.start();
            awaitServices(bundle, services);
            assertNotNull(driver + " resolvable again", driver.reference(context));
            assertEquals("stopping and starting " + driver + " changed the host", before, hostState());
            keeper.assertIntact(service(), "stop/start of " + driver);
            assertShortContainerRuns(driver.toString());
        }
    }

    /** A driver as the engine looks it up: its SPI and its name. */
    private enum Driver {
        OVERLAY(StorageDriverProvider.class, StorageDriverProvider.NAME_PROPERTY, "overlay2"),
        BRIDGE(NetworkDriver.class, NetworkDriver.NAME_PROPERTY, "bridge"),
        LOCAL(VolumeDriver.class, VolumeDriver.NAME_PROPERTY, "local"),
        RUNC(ExecutionDriver.class, null, null);

        private final Class<?> spi;
        private final String property;
        private final String name;

        Driver(Class<?> spi, String property, String name) {
            this.spi = spi;
            this.property = property;
            this.name = name;
        }

        org.osgi.framework.ServiceReference<?> reference(BundleContext context) throws Exception {
            var refs = context.getServiceReferences(spi.getName(),
                    property == null ? null : "(" + property + "=" + name + ")");
            return refs == null ? null : refs[0];
        }

        Bundle bundle(BundleContext context) throws Exception {
            var ref = reference(context);
            assertNotNull(this + " registered", ref);
            return ref.getBundle();
        }
    }

    private void assertShortContainerRuns(String after) throws Exception {
        ContainerService service = service();
        String request = "{\"Image\":\"busybox\",\"Cmd\":[\"cat\",\"/data/marker\"],"
                + "\"HostConfig\":{\"Binds\":[\"" + VOLUME + ":/data\"]}}";
        String id = service.create(null, request.getBytes(StandardCharsets.UTF_8));
        service.start(id);
        assertEquals("a container after " + after, Integer.valueOf(0),
                service.awaitStop(id).toCompletableFuture().get(30, TimeUnit.SECONDS));
        service.remove(id, false);
    }

    /** The long-running container on the default bridge with the volume: its process must outlive every swap. */
    private record Keeper(String id, long pid) {
        static Keeper start(ContainerService service) {
            String request = "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\","
                    + "\"echo kept > /data/marker; while true; do sleep 1; done\"],"
                    + "\"HostConfig\":{\"Binds\":[\"" + VOLUME + ":/data\"]}}";
            String id = service.create(KEEPER, request.getBytes(StandardCharsets.UTF_8));
            service.start(id);
            long pid = service.get(id).state().pid();
            assertTrue("keeper runs", pid > 0);
            return new Keeper(id, pid);
        }

        void assertIntact(ContainerService service, String after) {
            ContainerInfo.State state = service.get(id).state();
            assertEquals("the running container after " + after, ContainerInfo.Status.RUNNING, state.status());
            assertEquals("its process after " + after, pid, state.pid());
            assertTrue("its process is gone after " + after, Files.exists(Path.of("/proc", Long.toString(pid))));
        }
    }

    /** What the engine holds on the host: mounts under its paths, veths on its bridge, nftables rules, monitors. */
    private static String hostState() throws Exception {
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(p -> p.startsWith(WHARF.work.toString())).sorted().toList();
        List<String> veths = WharfFramework.run("ip", "-o", "link", "show", "master", WHARF.bridge).lines()
                .map(l -> l.split(":")[1].strip()).sorted().toList();
        List<String> nft = WharfFramework.run("nft", "list", "table", "inet", WHARF.nftTable()).lines()
                .map(String::strip).sorted().toList();
        List<Long> monitors = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(WHARF.execRoot().toString()))
                .map(ProcessHandle::pid).sorted().toList();
        return "mounts " + mounts + "\nveths " + veths + "\nnft " + nft + "\nprocesses " + monitors;
    }

    /**
     * Bundle.update from the bundle's own location (a new revision of the same jar); a refresh only when another
     * bundle still wires to the old revision. Returns the bundle's revision count before a refresh, at least 1.
     */
    private long update(Bundle bundle) throws Exception {
        bundle.update();
        int revisions = bundle.adapt(BundleRevisions.class).getRevisions().size();
        if (revisions > 1) {
            CompletableFuture<Void> refreshed = new CompletableFuture<>();
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
                if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                    refreshed.complete(null);
                }
            });
            refreshed.get(SETTLE_MS, TimeUnit.MILLISECONDS);
        }
        return revisions;
    }

    /** DS registers the bundle's services once its components are satisfied again: as many as before. */
    private static void awaitServices(Bundle bundle, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        while (services(bundle) < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(bundle.getSymbolicName() + " registered its services again", expected, services(bundle));
    }

    private static int services(Bundle bundle) {
        var registered = bundle.getRegisteredServices();
        return registered == null ? 0 : registered.length;
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private ContainerService service() throws InterruptedException {
        ContainerService service = containers.waitForService(SETTLE_MS);
        assertNotNull("container service registered", service);
        return service;
    }

    private VolumeService volumes() throws InterruptedException {
        ServiceTracker<VolumeService, VolumeService> tracker = new ServiceTracker<>(context, VolumeService.class, null);
        tracker.open();
        try {
            VolumeService service = tracker.waitForService(SETTLE_MS);
            assertNotNull("volume service registered", service);
            return service;
        } finally {
            tracker.close();
        }
    }

    /** busybox:latest imported from the host's static busybox with the few applets the containers use. */
    private void ensureBusybox() throws Exception {
        ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
        tracker.open();
        try {
            ImageService images = tracker.waitForService(SETTLE_MS);
            assertNotNull("image store registered", images);
            if (images.list().stream().anyMatch(i -> String.valueOf(i).contains("busybox"))) {
                return;
            }
            Path rootfs = Files.createDirectories(WHARF.work.resolve("busybox-rootfs"));
            Path bin = Files.createDirectories(rootfs.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
            for (String applet : List.of("sh", "cat", "echo", "sleep")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            for (String dir : List.of("etc", "proc", "sys", "dev", "tmp", "data")) {
                Files.createDirectories(rootfs.resolve(dir));
            }
            Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Path tar = WHARF.work.resolve("busybox-rootfs.tar");
            WharfFramework.run("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
            try (InputStream in = Files.newInputStream(tar)) {
                images.importRootfs(in, null, ImageReference.parse("busybox:latest"), ProgressListener.NONE);
            }
        } finally {
            tracker.close();
        }
    }
}
