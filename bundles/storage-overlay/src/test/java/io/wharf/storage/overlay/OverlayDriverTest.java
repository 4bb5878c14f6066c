package io.wharf.storage.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.storage.StorageDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.api.testkit.StorageDriverContract;
import io.wharf.api.testkit.Tars;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The storage driver contract, and overlay2's own behaviour: Docker's layout, read-only image mounts, and what a
 * daemon killed with its mounts in place leaves to the next one. Needs root and overlayfs; skipped where the
 * driver's own probe says overlay cannot be used.
 */
class OverlayDriverTest extends StorageDriverContract {
    @Override
    protected StorageDriver open(Path home) throws IOException {
        StorageDriverProvider.Support support = new OverlayStorageDriverProvider(LinuxFs.get()).probe(home);
        assumeTrue(support.supported(), support.reason());
        return new OverlayStorageDriverProvider(LinuxFs.get()).open(home, List.of());
    }

    @Override
    protected void closed() throws IOException {
        assertEquals(List.of(), mountsUnder(home), "mounts left after the driver closed");
    }

    static List<String> mountsUnder(Path dir) throws IOException {
        // field 5 of /proc/self/mountinfo is the mount point
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(line -> line.split(" ")[4])
                .filter(mountPoint -> mountPoint.startsWith(dir.toString())).toList();
    }

    private void applyTwoLayers() throws IOException {
        driver.applyDiff("l1", null, Tars.of("etc/", "etc/passwd=root", "etc/group=g",
                "opt/", "opt/old1=1", "opt/sub/", "opt/sub/old2=2", "bin/", "bin/tool=v1"));
        driver.applyDiff("l2", "l1", Tars.of("etc/.wh.group", "opt/", "opt/.wh..wh..opq", "opt/new=n"));
    }

    @Test
    void layoutLooksLikeDockers() throws IOException {
        applyTwoLayers();
        String link = Files.readString(home.resolve("l2/link"));
        assertEquals(26, link.length());
        assertEquals(Path.of("../l2/diff"), Files.readSymbolicLink(home.resolve("l/" + link)));
        assertEquals("l/" + Files.readString(home.resolve("l1/link")), Files.readString(home.resolve("l2/lower")));
        assertFalse(Files.exists(home.resolve("l1/lower")));
        assertTrue(new String(LinuxFs.get().getXattr(home.resolve("l2/diff/opt"), "trusted.overlay.opaque")
                .orElseThrow()).equals("y"));
    }

    @Test
    void imageLayersMountReadOnlyAndUnmountWithTheirLastRelease() throws IOException {
        applyTwoLayers();
        Path merged = driver.mount("l2", "");
        assertEquals(List.of(merged.toString()), mountsUnder(home));
        assertThrows(IOException.class, () -> Files.writeString(merged.resolve("ro"), "x"), "image layers mount read-only");
        driver.unmount("l2");
        assertEquals(List.of(), mountsUnder(home));
    }

    @Test
    void aContainerWritesOnlyItsUpperDirectory() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path root = driver.mount("c1", "");
        Files.writeString(root.resolve("bin/tool"), "v2");
        assertEquals("v1", Files.readString(home.resolve("l1/diff/bin/tool")), "lower layers stay untouched");
        Path again = driver.mount("c1", "");
        driver.unmount("c1");
        assertEquals(List.of(again.toString()), mountsUnder(home));
        driver.unmount("c1");
        assertEquals(List.of(), mountsUnder(home));
        driver.unmount("c1"); // one release too many is harmless
    }

    @Test
    void baseLayersNeedNoMount() throws IOException {
        applyTwoLayers();
        assertEquals(home.resolve("l1/diff"), driver.mount("l1", ""));
        assertEquals(List.of(), mountsUnder(home));
        driver.unmount("l1");
    }

    @Test
    void removeUnmountsWhatACrashLeftBehind() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        driver.mount("c1", "");
        // a daemon that crashed leaves the overlay mounted and a fresh driver knows nothing of it
        driver.close();
        mountLikeAnOldDaemon();
        driver = restartAfterCrash();
        driver.remove("c1");
        assertEquals(List.of(), mountsUnder(home));
        assertEquals("v1", Files.readString(home.resolve("l1/diff/bin/tool")), "lower layers survive the removal");
    }

    /** What a daemon killed with SIGKILL leaves: its driver's mounts, and a new driver that knows nothing of them. */
    private StorageDriver restartAfterCrash() throws IOException {
        return new OverlayStorageDriverProvider(LinuxFs.get()).open(home, List.of());
    }

    /** Mounts c1's overlay on its merged directory as a driver does, once more on top of what is there. */
    private void mountLikeAnOldDaemon() throws IOException {
        LinuxFs.get().mount("overlay", home.resolve("c1/merged"), "overlay", 0, "lowerdir="
                + home.resolve("l1/diff") + ",upperdir=" + home.resolve("c1/diff") + ",workdir=" + home.resolve("c1/work"));
    }

    @Test
    void aRestartedDriverTakesOverTheMountOfARunningContainerInsteadOfStackingAnother() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path merged = driver.mount("c1", "");
        Files.writeString(merged.resolve("written-before"), "x");
        for (int crash = 1; crash <= 3; crash++) {
            driver = restartAfterCrash();
            assertEquals(merged, driver.mount("c1", ""), "crash " + crash);
            assertEquals(List.of(merged.toString()), mountsUnder(home), "one mount after crash " + crash);
            assertEquals("x", Files.readString(merged.resolve("written-before")));
        }
        driver.unmount("c1");
        assertEquals(List.of(), mountsUnder(home), "the adopted mount is counted like an own one");
        driver.remove("c1");
    }

    @Test
    void mountsStackedByEarlierCrashesAreReducedToOne() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        for (int i = 0; i < 4; i++) {
            mountLikeAnOldDaemon();
        }
        driver = restartAfterCrash();
        Path merged = driver.mount("c1", "");
        assertEquals(List.of(merged.toString()), mountsUnder(home));
        driver.unmount("c1");
        assertEquals(List.of(), mountsUnder(home));
    }

    @Test
    void releasingALayerThatOnlyAPreviousDaemonMountedUnmountsIt() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        mountLikeAnOldDaemon();
        driver = restartAfterCrash();
        driver.unmount("c1"); // the container stopped while the daemon was down
        assertEquals(List.of(), mountsUnder(home));
    }

    @Test
    void removeTakesStackedAndBusyMountsAway() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        for (int i = 0; i < 4; i++) {
            mountLikeAnOldDaemon();
        }
        Files.writeString(home.resolve("c1/merged/open-file"), "busy");
        try (var busy = Files.newByteChannel(home.resolve("c1/merged/open-file"))) {
            driver = restartAfterCrash();
            driver.remove("c1");
            assertFalse(driver.exists("c1"));
            assertEquals(List.of(), mountsUnder(home));
        }
        assertEquals("v1", Files.readString(home.resolve("l1/diff/bin/tool")), "lower layers survive the removal");
        assertEquals(List.of(), names(home.resolve("tmp")));
    }

    @Test
    void aRemovalCutShortWithAMountInsideIsUnmountedBeforeTheLeftoversAreDeleted() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        driver.mount("c1", "");
        // the old removal path moved the layer aside with its mount in it, then crashed
        Files.move(home.resolve("c1"), home.resolve("tmp/c1-removing-1"));
        driver = restartAfterCrash();
        assertEquals(List.of(), mountsUnder(home));
        assertEquals(List.of(), names(home.resolve("tmp")));
        assertEquals("v1", Files.readString(home.resolve("l1/diff/bin/tool")), "lower layers survive");
    }

    @Test
    void probeRefusesAHomeOnOverlayfs() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path merged = driver.mount("c1", "");
        StorageDriverProvider.Support support = new OverlayStorageDriverProvider(LinuxFs.get()).probe(merged.resolve("var/lib/wharf"));
        assertFalse(support.supported());
        assertTrue(support.reason().contains("overlayfs"), support.reason());
        driver.unmount("c1");
    }
}
