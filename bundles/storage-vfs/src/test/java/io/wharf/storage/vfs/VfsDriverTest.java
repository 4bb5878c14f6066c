package io.wharf.storage.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.Change.Kind;
import io.wharf.api.storage.StorageDriver;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

class VfsDriverTest {
    @TempDir
    Path home;

    private StorageDriver driver;

    @BeforeEach
    void open() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "layers keep owners and devices: needs root");
        driver = new VfsStorageDriverProvider(LinuxFs.get()).open(home, List.of());
    }

    @AfterEach
    void close() throws IOException {
        if (driver != null) {
            driver.close();
        }
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
    void layersStackWithWhiteoutsAndOpaqueDirectories() throws IOException {
        applyTwoLayers();
        Path merged = driver.mount("l2", "");
        assertEquals("root", Files.readString(merged.resolve("etc/passwd")));
        assertEquals(List.of("passwd"), names(merged.resolve("etc")));
        assertEquals(List.of("new"), names(merged.resolve("opt")));
        assertEquals("v1", Files.readString(merged.resolve("bin/tool")));
        driver.unmount("l2");
        assertTrue(Files.exists(home.resolve("dir/l1/etc/group")), "the parent layer keeps its own view");
        assertEquals(List.of(new Change("/etc", Kind.MODIFIED), new Change("/etc/group", Kind.DELETED),
                new Change("/opt", Kind.MODIFIED), new Change("/opt/new", Kind.ADDED),
                new Change("/opt/old1", Kind.DELETED), new Change("/opt/sub", Kind.DELETED)), driver.changes("l2"));
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

        assertEquals(List.of(new Change("/bin", Kind.MODIFIED), new Change("/bin/tool", Kind.MODIFIED),
                new Change("/etc", Kind.MODIFIED), new Change("/etc/passwd", Kind.DELETED),
                new Change("/tmp", Kind.ADDED), new Change("/tmp/new.txt", Kind.ADDED)), driver.changes("c1"));
        assertEquals(List.of("bin/", "bin/tool", "etc/", "etc/.wh.passwd", "tmp/", "tmp/new.txt"),
                tarNames(driver.diff("c1")));
        assertEquals(2 + 3, driver.size("c1"));

        // the diff turns the parent into the container's view
        driver.applyDiff("l3", "l2", driver.diff("c1"));
        Path l3 = driver.mount("l3", "");
        assertEquals("v2", Files.readString(l3.resolve("bin/tool")));
        assertFalse(Files.exists(l3.resolve("etc/passwd")));
        assertEquals("new", Files.readString(l3.resolve("tmp/new.txt")));
        driver.unmount("l3");
        driver.unmount("c1");
    }

    @Test
    void mountsAreCountedAndRemoveRefusesMountedLayers() throws IOException {
        applyTwoLayers();
        driver.mount("l1", "");
        driver.mount("l1", "");
        driver.unmount("l1");
        assertThrows(IOException.class, () -> driver.remove("l1"));
        driver.unmount("l1");
        driver.remove("l1");
        assertFalse(driver.exists("l1"));
    }

    @Test
    void removeCleansEverything() throws IOException {
        applyTwoLayers();
        driver.createReadWrite("c1", "l2");
        for (String id : List.of("c1", "l2", "l1")) {
            driver.remove(id);
            assertFalse(driver.exists(id));
        }
        driver.remove("never-existed");
        assertEquals(List.of(), names(home.resolve("dir")));
        assertEquals(List.of(), names(home.resolve("parents")));
        assertEquals(List.of(), names(home.resolve("tmp")));
    }

    @Test
    void hostileOrTruncatedTarLeavesNoLayerBehind() throws IOException {
        applyTwoLayers();
        IOException e = assertThrows(IOException.class,
                () -> driver.applyDiff("bad", "l1", new ByteArrayInputStream(tar("ok=1", "../../../escape=x"))));
        assertTrue(e.getMessage().contains("outside the layer"), e.getMessage());
        byte[] good = tar("big=" + "x".repeat(5000));
        assertThrows(IOException.class,
                () -> driver.applyDiff("cut", null, new ByteArrayInputStream(java.util.Arrays.copyOf(good, 2048))));
        assertFalse(driver.exists("bad"));
        assertFalse(driver.exists("cut"));
        assertEquals(List.of("l1", "l2"), names(home.resolve("dir")));
        assertEquals(List.of("l1", "l2"), names(home.resolve("parents")));
        assertEquals(List.of(), names(home.resolve("tmp")));
        assertFalse(Files.exists(home.getParent().resolve("escape")));
    }

    @Test
    void duplicateIdsMissingParentsAndBadIdsAreRefused() throws IOException {
        applyTwoLayers();
        assertThrows(IOException.class, () -> driver.applyDiff("l1", null, new ByteArrayInputStream(tar())));
        IOException e = assertThrows(IOException.class, () -> driver.createReadWrite("c", "nope"));
        assertEquals("layer nope does not exist", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> driver.createReadWrite("../x", null));
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
