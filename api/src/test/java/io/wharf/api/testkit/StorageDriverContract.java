package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.Change.Kind;
import io.wharf.api.storage.StorageDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link StorageDriver} must do, as containerd's snapshotter test suite checks every snapshotter: a
 * driver's test extends this class and says how to open the driver on a fresh home directory (one line); every
 * test here then runs against it. Drivers keep owners and device nodes, so the suite expects root.
 */
public abstract class StorageDriverContract {
    @TempDir
    protected Path home;

    protected StorageDriver driver;

    /** Opens the driver under test on {@code home} (an empty directory); skip here (assumptions) if it cannot run. */
    protected abstract StorageDriver open(Path home) throws IOException;

    @BeforeEach
    void openDriver() throws IOException {
        driver = open(home);
    }

    @AfterEach
    void closeDriver() throws IOException {
        if (driver != null) {
            driver.close();
            closed();
        }
    }

    /** Checks of the driver's own after it closed (no mounts left, ...). */
    protected void closed() throws IOException {
    }

    private void applyTwoLayers() throws IOException {
        long size1 = driver.applyDiff("l1", null, Tars.of("etc/", "etc/passwd=root", "etc/group=g",
                "opt/", "opt/old1=1", "opt/sub/", "opt/sub/old2=2", "bin/", "bin/tool=v1"));
        assertEquals(4 + 1 + 1 + 1 + 2, size1, "applyDiff returns the bytes of the layer's content");
        driver.applyDiff("l2", "l1", Tars.of("etc/.wh.group", "opt/", "opt/.wh..wh..opq", "opt/new=n"));
    }

    @Test
    void layersStackWithWhiteoutsAndOpaqueDirectories() throws IOException {
        applyTwoLayers();
        assertTrue(driver.exists("l1") && driver.exists("l2"));
        Path merged = driver.mount("l2", "");
        assertEquals("root", Files.readString(merged.resolve("etc/passwd")));
        assertEquals(List.of("passwd"), names(merged.resolve("etc")));
        assertEquals(List.of("new"), names(merged.resolve("opt")));
        assertEquals("v1", Files.readString(merged.resolve("bin/tool")));
        driver.unmount("l2");
        Path parent = driver.mount("l1", "");
        assertEquals(List.of("group", "passwd"), names(parent.resolve("etc")), "the parent keeps its own view");
        driver.unmount("l1");
        // what an opaque directory hid may be listed as deleted or not (overlay2 lists the directory only, as Docker's)
        List<Change> changes = driver.changes("l2");
        assertTrue(changes.containsAll(List.of(new Change("/etc", Kind.MODIFIED), new Change("/etc/group", Kind.DELETED),
                new Change("/opt", Kind.MODIFIED), new Change("/opt/new", Kind.ADDED))), changes.toString());
        assertTrue(changes.stream().allMatch(c -> c.path().startsWith("/etc/") || c.path().equals("/etc")
                || c.path().startsWith("/opt")), changes.toString());
    }

    @Test
    void aReadWriteLayerDiffsAgainstItsParentAndTheDiffRebuildsItsView() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path root = driver.mount("c1", "");
        Files.writeString(root.resolve("bin/tool"), "v2");
        Files.delete(root.resolve("etc/passwd"));
        Files.createDirectories(root.resolve("tmp"));
        Files.writeString(root.resolve("tmp/new.txt"), "new");

        assertEquals(List.of(new Change("/bin", Kind.MODIFIED), new Change("/bin/tool", Kind.MODIFIED),
                new Change("/etc", Kind.MODIFIED), new Change("/etc/passwd", Kind.DELETED),
                new Change("/tmp", Kind.ADDED), new Change("/tmp/new.txt", Kind.ADDED)), driver.changes("c1"));
        assertEquals(List.of("bin/", "bin/tool", "etc/", "etc/.wh.passwd", "tmp/", "tmp/new.txt"),
                tarNames(driver.diff("c1")));
        assertEquals(2 + 3, driver.size("c1"));

        driver.applyDiff("l3", "l2", driver.diff("c1"));
        Path l3 = driver.mount("l3", "");
        assertEquals("v2", Files.readString(l3.resolve("bin/tool")));
        assertFalse(Files.exists(l3.resolve("etc/passwd")));
        assertEquals("new", Files.readString(l3.resolve("tmp/new.txt")));
        driver.unmount("l3");
        driver.unmount("c1");
    }

    @Test
    void mountsAreCountedAndAMountedLayerIsNotRemoved() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Path first = driver.mount("c1", "");
        Files.writeString(first.resolve("kept"), "x");
        assertEquals(first, driver.mount("c1", ""));
        driver.unmount("c1");
        assertEquals("x", Files.readString(first.resolve("kept")), "one release of two keeps the layer mounted");
        assertThrows(IOException.class, () -> driver.remove("c1"), "a mounted layer was removed");
        driver.unmount("c1");
        driver.remove("c1");
        assertFalse(driver.exists("c1"));
    }

    @Test
    void removeLeavesNothingAndAMissingLayerIsNoError() throws IOException {
        List<String> empty = tree(home);
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        driver.mount("c1", "");
        driver.unmount("c1");
        for (String id : List.of("c1", "l2", "l1")) {
            driver.remove(id);
            assertFalse(driver.exists(id));
        }
        driver.remove("never-existed");
        assertEquals(empty, tree(home), "the driver's home holds what it held before the layers");
    }

    @Test
    void aHostileOrTruncatedTarLeavesNoLayerBehind() throws IOException {
        applyTwoLayers();
        List<String> before = tree(home);
        Path outside = home.getParent().resolve("escape-" + home.getFileName());
        assertThrows(IOException.class, () -> driver.applyDiff("dots", "l1", Tars.of("ok=1", "../../../"
                + home.getParent().relativize(outside) + "=x")));
        try { // resolved inside the layer as if chrooted, or refused: either way nothing lands outside
            driver.applyDiff("link", "l1", Tars.withSymlinkThenFile("d", outside.toString(), "d/owned"));
            driver.remove("link");
        } catch (IOException refused) {
            assertFalse(driver.exists("link"));
        }
        byte[] good = Tars.bytes("big=" + "x".repeat(5000));
        assertThrows(IOException.class,
                () -> driver.applyDiff("cut", null, new ByteArrayInputStream(java.util.Arrays.copyOf(good, 2048))));
        for (String id : List.of("dots", "cut")) {
            assertFalse(driver.exists(id), id);
        }
        assertFalse(Files.exists(outside), "an entry wrote outside the layer");
        assertEquals(before, tree(home), "a refused layer left files behind");
    }

    @Test
    void duplicateIdsMissingParentsAndBadIdsAreRefused() throws IOException {
        applyTwoLayers();
        assertThrows(IOException.class, () -> driver.applyDiff("l1", null, Tars.of()));
        assertThrows(IOException.class, () -> driver.createReadWrite("c", "nope"));
        assertThrows(RuntimeException.class, () -> driver.createReadWrite("../x", null));
        assertFalse(driver.exists("c"));
    }

    @Test
    void layersOutliveTheDriverObject() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        Files.writeString(driver.mount("c1", "").resolve("written"), "w");
        driver.unmount("c1");
        driver.close();

        driver = open(home); // a daemon restart: closed here after the test
        assertTrue(driver.exists("l1") && driver.exists("l2") && driver.exists("c1"));
        Path root = driver.mount("c1", "");
        assertEquals("w", Files.readString(root.resolve("written")));
        assertEquals("v1", Files.readString(root.resolve("bin/tool")));
        assertEquals(List.of("passwd"), names(root.resolve("etc")));
        driver.unmount("c1");
        assertEquals(List.of(new Change("/written", Kind.ADDED)), driver.changes("c1"));
    }

    @Test
    void aMissingLayerIsAnIOException() {
        assertFalse(driver.exists("contract-missing"));
        assertThrows(IOException.class, () -> driver.mount("contract-missing", ""));
        assertThrows(IOException.class, () -> driver.diff("contract-missing").close());
        assertThrows(IOException.class, () -> driver.changes("contract-missing"));
        assertThrows(IOException.class, () -> driver.size("contract-missing"));
    }

    @Test
    void layersWithDifferentIdsAreMadeConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "p" + i;
                byte[] tar = Tars.bytes("d/", "d/f" + i + "=" + "y".repeat(i + 1));
                done.add(pool.submit(() -> driver.applyDiff(id, null, new ByteArrayInputStream(tar))));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(i + 1, done.get(i).get());
                Path root = driver.mount("p" + i, "");
                assertEquals(List.of("f" + i), names(root.resolve("d")));
                driver.unmount("p" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    protected static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every path under {@code dir}, relative and sorted. */
    protected static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    protected static List<String> tarNames(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
