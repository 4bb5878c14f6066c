package io.wharf.storage.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.Change.Kind;
import io.wharf.api.storage.StorageDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root and overlayfs; skipped where the driver's own probe says overlay cannot be used. */
class OverlayDriverTest {
    @TempDir
    Path temp;

    private Path home;
    private StorageDriver driver;

    @BeforeEach
    void open() throws IOException {
        home = temp.resolve("overlay2");
        StorageDriverProvider provider = new OverlayStorageDriverProvider(LinuxFs.get());
        StorageDriverProvider.Support support = provider.probe(home);
        assumeTrue(support.supported(), support.reason());
        driver = provider.open(home, List.of());
    }

    @AfterEach
    void closeAndCheckNoMountsLeft() throws IOException {
        if (driver != null) {
            driver.close();
            assertEquals(List.of(), mountsUnder(temp));
        }
    }

    static List<String> mountsUnder(Path dir) throws IOException {
        // field 5 of /proc/self/mountinfo is the mount point
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(line -> line.split(" ")[4])
                .filter(mountPoint -> mountPoint.startsWith(dir.toString())).toList();
    }

    static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            for (String spec : entries) {
                String[] nameAndContent = spec.split("=", 2);
                String name = nameAndContent[0];
                boolean dir = name.endsWith("/");
                TarArchiveEntry entry = new TarArchiveEntry(name, dir ? TarConstants.LF_DIR : TarConstants.LF_NORMAL, true);
                byte[] data = nameAndContent.length > 1 ? nameAndContent[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
                entry.setMode(dir ? 0755 : 0644);
                entry.setSize(data.length);
                entry.setModTime(1_600_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void applyTwoLayers() throws IOException {
        long size1 = driver.applyDiff("l1", null, new ByteArrayInputStream(tar("etc/", "etc/passwd=root", "etc/group=g",
                "opt/", "opt/old1=1", "opt/sub/", "opt/sub/old2=2", "bin/", "bin/tool=v1")));
        assertEquals(4 + 1 + 1 + 1 + 2, size1);
        driver.applyDiff("l2", "l1", new ByteArrayInputStream(tar("etc/.wh.group", "opt/", "opt/.wh..wh..opq",
                "opt/new=n")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
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
    void layersStackWithWhiteoutsAndOpaqueDirectories() throws IOException {
        applyTwoLayers();
        Path merged = driver.mount("l2", "");
        assertEquals(List.of(merged.toString()), mountsUnder(home));
        assertEquals("root", Files.readString(merged.resolve("etc/passwd")));
        assertEquals(List.of("passwd"), names(merged.resolve("etc")));
        assertEquals(List.of("new"), names(merged.resolve("opt")));
        assertEquals("v1", Files.readString(merged.resolve("bin/tool")));
        assertThrows(IOException.class, () -> Files.writeString(merged.resolve("ro"), "x"), "image layers mount read-only");
        driver.unmount("l2");
        assertEquals(List.of(), mountsUnder(home));
        assertEquals(List.of(new Change("/etc", Kind.MODIFIED), new Change("/etc/group", Kind.DELETED),
                new Change("/opt", Kind.MODIFIED), new Change("/opt/new", Kind.ADDED)), driver.changes("l2"));
    }

    @Test
    void readWriteLayerDiffAndChanges() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path root = driver.mount("c1", "");
        Files.writeString(root.resolve("bin/tool"), "v2");
        Files.delete(root.resolve("etc/passwd"));
        Files.createDirectories(root.resolve("tmp"));
        Files.writeString(root.resolve("tmp/new.txt"), "new");
        assertEquals("v1", Files.readString(home.resolve("l1/diff/bin/tool")), "lower layers stay untouched");

        assertEquals(List.of(new Change("/bin", Kind.MODIFIED), new Change("/bin/tool", Kind.MODIFIED),
                new Change("/etc", Kind.MODIFIED), new Change("/etc/passwd", Kind.DELETED),
                new Change("/tmp", Kind.ADDED), new Change("/tmp/new.txt", Kind.ADDED)), driver.changes("c1"));
        assertEquals(List.of("bin/", "bin/tool", "etc/", "etc/.wh.passwd", "tmp/", "tmp/new.txt"),
                tarNames(driver.diff("c1")));
        assertEquals(2 + 3, driver.size("c1"));

        // committing the container: its diff on top of l2 gives the container's view
        driver.applyDiff("l3", "l2", driver.diff("c1"));
        Path l3 = driver.mount("l3", "");
        assertEquals("v2", Files.readString(l3.resolve("bin/tool")));
        assertFalse(Files.exists(l3.resolve("etc/passwd")));
        assertEquals("new", Files.readString(l3.resolve("tmp/new.txt")));
        assertEquals(List.of("new"), names(l3.resolve("opt")));
        driver.unmount("l3");
        driver.unmount("c1");
    }

    @Test
    void mountsAreCounted() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path first = driver.mount("c1", "");
        Path second = driver.mount("c1", "");
        assertEquals(first, second);
        driver.unmount("c1");
        assertEquals(List.of(first.toString()), mountsUnder(home));
        assertThrows(IOException.class, () -> driver.remove("c1"));
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
    void removeCleansEverything() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        driver.mount("c1", "");
        driver.unmount("c1");
        for (String id : List.of("c1", "l2", "l1")) {
            driver.remove(id);
            assertFalse(driver.exists(id));
        }
        driver.remove("never-existed");
        assertEquals(List.of("l", "tmp"), names(home));
        assertEquals(List.of(), names(home.resolve("l")));
        assertEquals(List.of(), names(home.resolve("tmp")));
        assertEquals(List.of(), mountsUnder(temp));
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
    void hostileOrTruncatedTarLeavesNoLayerBehind() throws IOException {
        applyTwoLayers();
        IOException e = assertThrows(IOException.class,
                () -> driver.applyDiff("bad", "l1", new ByteArrayInputStream(tar("ok=1", "../../../escape=x"))));
        assertTrue(e.getMessage().contains("outside the layer"), e.getMessage());
        byte[] good = tar("big=" + "x".repeat(5000));
        assertThrows(IOException.class,
                () -> driver.applyDiff("cut", null, new ByteArrayInputStream(Arrays.copyOf(good, 2048))));
        assertFalse(driver.exists("bad"));
        assertFalse(driver.exists("cut"));
        assertEquals(List.of("l", "l1", "l2", "tmp"), names(home));
        assertEquals(2, names(home.resolve("l")).size());
        assertEquals(List.of(), names(home.resolve("tmp")));
        assertFalse(Files.exists(temp.resolve("escape")));
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

    private static List<String> tarNames(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
