package io.wharf.volume.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tmpfs and bind volumes with real mount(2) calls, checked against /proc/self/mountinfo. Needs root. */
class RealMountsTest {
    @TempDir
    Path dataRoot;

    private final MountTable table = new MountTable();
    private LocalVolumeDriver driver;

    @BeforeEach
    void open() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        driver = LocalVolumeDriver.open(dataRoot.resolve("volumes"), LinuxFs.get());
    }

    @AfterEach
    void unmountEverything() throws IOException {
        for (Path mountPoint : table.mountsAtOrBelow(dataRoot)) {
            LinuxFs.get().unmount(mountPoint, LinuxFs.MNT_DETACH);
        }
    }

    /** The line of /proc/self/mountinfo for {@code dir}, or null. */
    private static String mountinfoLine(Path dir) throws IOException {
        String real = dir.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (MountTable.unescape(fields[4]).equals(real)) {
                return line;
            }
        }
        return null;
    }

    @Test
    void tmpfsIsMountedOnMountAndUnmountedAfterTheLastUnmount() throws IOException {
        driver.create("fast", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m,uid=1000,noexec"));
        Path data = dataRoot.resolve("volumes/fast/_data");
        assertEquals(null, mountinfoLine(data), "nothing is mounted at create");

        assertEquals(data, driver.mount("fast", "c1"));
        String line = mountinfoLine(data);
        assertTrue(line != null && line.contains(" - tmpfs tmpfs "), String.valueOf(line));
        assertTrue(line.contains("size=65536k"), line);
        assertTrue(line.contains("uid=1000"), line);
        assertTrue(line.split(" - ")[0].contains("noexec"), line);
        Files.writeString(data.resolve("scratch"), "in memory");

        driver.mount("fast", "c2");
        driver.unmount("fast", "c1");
        assertTrue(mountinfoLine(data) != null, "still used by c2");
        driver.unmount("fast", "c2");
        assertEquals(null, mountinfoLine(data));
        assertFalse(Files.exists(data.resolve("scratch")), "the tmpfs content went with the mount");
    }

    @Test
    void bindVolumeShowsTheHostDirectoryAndRemovalKeepsIt() throws IOException {
        Path host = Files.createDirectories(dataRoot.resolve("host-dir"));
        Files.writeString(host.resolve("config"), "from the host");
        driver.create("shared", Map.of("type", "none", "o", "bind", "device", host.toString()));
        Path data = driver.mount("shared", "c1");
        assertEquals("from the host", Files.readString(data.resolve("config")));
        Files.writeString(data.resolve("written"), "by a container");
        assertTrue(Files.exists(host.resolve("written")));

        EngineException busy = assertThrows(EngineException.class, () -> driver.remove("shared"));
        assertEquals(ErrorKind.CONFLICT, busy.kind());
        assertTrue(mountinfoLine(data) != null);

        driver.unmount("shared", "c1");
        assertEquals(null, mountinfoLine(data));
        driver.remove("shared");
        assertEquals("from the host", Files.readString(host.resolve("config")));
        assertEquals("by a container", Files.readString(host.resolve("written")));
        assertFalse(Files.exists(dataRoot.resolve("volumes/shared")));
    }

    @Test
    void readOnlyBindIsRemountedReadOnly() throws IOException {
        Path host = Files.createDirectories(dataRoot.resolve("host-ro"));
        driver.create("ro", Map.of("type", "none", "o", "bind,ro", "device", host.toString()));
        Path data = driver.mount("ro", "c1");
        assertTrue(mountinfoLine(data).split(" ")[5].startsWith("ro"), mountinfoLine(data));
        driver.unmount("ro", "c1");
    }

    @Test
    void leftoverMountsAreDroppedWhenTheDriverStarts() throws IOException {
        driver.create("fast", Map.of("type", "tmpfs", "device", "tmpfs"));
        Path data = driver.mount("fast", "c1");
        assertTrue(mountinfoLine(data) != null);

        LocalVolumeDriver restarted = LocalVolumeDriver.open(dataRoot.resolve("volumes"), LinuxFs.get());
        assertEquals(null, mountinfoLine(data), "a new run starts with nothing mounted");
        assertEquals(List.of("fast"), restarted.list().stream().map(v -> v.name()).toList());
        restarted.mount("fast", "c1");
        assertTrue(mountinfoLine(data) != null, "mounted again on demand");
        restarted.unmount("fast", "c1");
    }

    @Test
    void removeDetachesAStaleMountBeforeDeleting() throws IOException {
        Path host = Files.createDirectories(dataRoot.resolve("host-stale"));
        Files.writeString(host.resolve("keep"), "x");
        driver.create("stale", Map.of("type", "none", "o", "bind", "device", host.toString()));
        // a bind left behind without the driver knowing, as after a failed unmount
        LinuxFs.get().mount(host.toString(), dataRoot.resolve("volumes/stale/_data"), null, MountFlags.MS_BIND, null);
        driver.remove("stale");
        assertEquals("x", Files.readString(host.resolve("keep")));
    }

    @Test
    void failingMountIsReportedAndLeavesTheVolumeUnmounted() throws IOException {
        driver.create("broken", Map.of("type", "no-such-fs", "device", "nothing"));
        IOException e = assertThrows(IOException.class, () -> driver.mount("broken", "c1"));
        assertTrue(e.getMessage().startsWith("failed to mount local volume"), e.getMessage());
        assertFalse(driver.isMounted("broken"));
        driver.remove("broken");
    }
}
