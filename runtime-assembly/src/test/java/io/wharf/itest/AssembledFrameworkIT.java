package io.wharf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import io.wharf.api.image.ImageService;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.storage.StorageDriverProvider;
import java.io.IOException;
import java.nio.file.Path;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the distribution's own bundle set (runtime-assembly/target/wharf/bundles) in Felix and checks the
 * dynamic parts: storage drivers register, and a driver bundle can be stopped and started again in the
 * running framework, taking the image store down and bringing it back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AssembledFrameworkIT {
    private static final long WAIT_MS = WharfFramework.WAIT_MS;

    @Inject
    private BundleContext context;

    private static final WharfFramework WHARF = new WharfFramework(Path.of("/tmp/wharf-paxexam"), "wtpaxexam0");

    @Configuration
    public Option[] config() throws IOException {
        return WHARF.options();
    }

    /** A default bridge of its own and no nftables table: this test leaves nothing on the host. */
    @Before
    public void configure() throws Exception {
        WHARF.configure(context, false);
    }

    @org.junit.After
    public void removeTestBridge() throws Exception {
        WharfFramework.run("ip", "link", "del", WHARF.bridge);
    }

    @Test
    public void storageDriversRegisterAndCanBeStoppedAndStartedLive() throws Exception {
        awaitDriver("overlay2");
        awaitDriver("vfs");
        ServiceTracker<ImageService, ImageService> images = new ServiceTracker<>(context, ImageService.class, null);
        images.open();
        try {
            assertNotNull("image store registered", images.waitForService(WAIT_MS));
            String driver = String.valueOf(images.getServiceReference().getProperty(StorageDriverProvider.NAME_PROPERTY));
            Bundle driverBundle = bundleOfDriver(driver);
            // the store's endpoints follow its service by one coalesced Jersey rebuild (the previous test may
            // have just restarted driver bundles)
            awaitStatus("/images/json", 200);
            awaitStatus("/containers/json", 200);

            driverBundle.stop();
            assertNull("driver gone with its bundle", driverReference(driver));
            awaitGone(images);
            awaitStatus("/images/json", 404); // the image endpoints go with the store
            // and the container engine, which requires the store, takes its backends and so its routes with it
            awaitStatus("/containers/json", 404);
            assertEquals("the rest of the API keeps serving", 200, status("/version"));

            driverBundle.start();
            awaitDriver(driver);
            assertNotNull("image store back without a framework restart", images.waitForService(WAIT_MS));
            awaitStatus("/images/json", 200);
            awaitStatus("/containers/json", 200);
        } finally {
            images.close();
        }
    }

    @Test
    public void networkAndVolumeDriverBundlesCanBeStoppedAndStartedLive() throws Exception {
        awaitService(NetworkDriver.class, NetworkDriver.NAME_PROPERTY, "bridge");
        awaitService(VolumeDriver.class, VolumeDriver.NAME_PROPERTY, "local");
        awaitStatus("/networks", 200);
        for (String[] driver : new String[][] {{NetworkDriver.class.getName(), NetworkDriver.NAME_PROPERTY, "bridge"},
                {VolumeDriver.class.getName(), VolumeDriver.NAME_PROPERTY, "local"}}) {
            ServiceReference<?>[] refs = context.getServiceReferences(driver[0], "(" + driver[1] + "=" + driver[2] + ")");
            assertNotNull(driver[2] + " registered", refs);
            Bundle bundle = refs[0].getBundle();
            bundle.stop();
            assertNull(driver[2] + " gone with its bundle",
                    context.getServiceReferences(driver[0], "(" + driver[1] + "=" + driver[2] + ")"));
            // the services above the driver stay: networks and volumes are still listed
            assertEquals(200, status("/networks"));
            assertEquals(200, status("/volumes"));
            bundle.start();
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (context.getServiceReferences(driver[0], "(" + driver[1] + "=" + driver[2] + ")") == null
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertNotNull(driver[2] + " back without a framework restart",
                    context.getServiceReferences(driver[0], "(" + driver[1] + "=" + driver[2] + ")"));
        }
    }

    private <T> void awaitService(Class<T> type, String property, String name) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (context.getServiceReferences(type, "(" + property + "=" + name + ")").isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(type.getSimpleName() + " " + name + " registered",
                context.getServiceReferences(type, "(" + property + "=" + name + ")").isEmpty());
    }

    private Bundle bundleOfDriver(String driver) {
        ServiceReference<StorageDriverProvider> ref = driverReference(driver);
        assertNotNull("driver " + driver + " registered", ref);
        return ref.getBundle();
    }

    private ServiceReference<StorageDriverProvider> driverReference(String name) {
        try {
            var refs = context.getServiceReferences(StorageDriverProvider.class,
                    "(" + StorageDriverProvider.NAME_PROPERTY + "=" + name + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void awaitDriver(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (driverReference(name) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertNotNull("storage driver " + name + " registered", driverReference(name));
    }

    private static void awaitGone(ServiceTracker<?, ?> tracker) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (tracker.getService() != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertNull("image store unregistered", tracker.getService());
    }

    private static void awaitStatus(String path, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            last = status(path);
            if (last == expected) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(path, expected, last);
    }

    private static int status(String path) throws Exception {
        return WharfFramework.status(path);
    }
}
