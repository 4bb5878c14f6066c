package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link VolumeDriver} must do for the engine (the calls of Docker's volume plugin protocol): a driver's
 * test extends this class and says how to open the driver on a fresh directory; every test here then runs against
 * it. Volumes are made without options, which every driver must accept.
 */
public abstract class VolumeDriverContract {
    @TempDir
    protected Path root;

    protected VolumeDriver driver;

    /** Opens the driver under test, keeping its state under {@code root} (an empty directory) if it keeps any. */
    protected abstract VolumeDriver open(Path root) throws IOException;

    @BeforeEach
    void openDriver() throws IOException {
        driver = open(root);
    }

    @Test
    void aVolumeIsCreatedListedFoundAndRemoved() throws IOException {
        VolumeInfo created = driver.create("contract-a", Map.of());
        assertEquals("contract-a", created.name());
        assertEquals("contract-a", driver.get("contract-a").name());
        assertTrue(names(driver.list()).contains("contract-a"));
        driver.remove("contract-a");
        assertFalse(names(driver.list()).contains("contract-a"));
        assertThrows(Exception.class, () -> driver.get("contract-a"), "a removed volume was found");
    }

    @Test
    void creatingAnExistingVolumeKeepsItsData() throws IOException {
        driver.create("contract-b", Map.of());
        Path mounted = driver.mount("contract-b", "m1");
        Files.writeString(mounted.resolve("kept"), "data");
        driver.unmount("contract-b", "m1");
        assertEquals("contract-b", driver.create("contract-b", Map.of()).name());
        Path again = driver.mount("contract-b", "m2");
        assertEquals("data", Files.readString(again.resolve("kept")));
        driver.unmount("contract-b", "m2");
    }

    @Test
    void everyMountSeesTheSameDataUntilItsOwnUnmount() throws IOException {
        driver.create("contract-c", Map.of());
        Path first = driver.mount("contract-c", "m1");
        Path second = driver.mount("contract-c", "m2");
        assertTrue(Files.isDirectory(first) && Files.isDirectory(second));
        Files.writeString(first.resolve("shared"), "1");
        assertEquals("1", Files.readString(second.resolve("shared")));
        driver.unmount("contract-c", "m1");
        Files.writeString(second.resolve("still-writable"), "2"); // another mount's unmount leaves this one usable
        driver.unmount("contract-c", "m2");
        driver.remove("contract-c");
    }

    @Test
    void aMissingVolumeIsAnErrorNotAnEmptyAnswer() {
        assertThrows(Exception.class, () -> driver.get("contract-missing"));
        assertThrows(Exception.class, () -> driver.mount("contract-missing", "m1"));
        assertThrows(Exception.class, () -> driver.remove("contract-missing"));
    }

    @Test
    void volumesWithDifferentNamesAreMadeConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<VolumeInfo>> made = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "contract-p" + i;
                made.add(pool.submit(() -> driver.create(name, Map.of())));
            }
            for (int i = 0; i < 12; i++) {
                assertEquals("contract-p" + i, made.get(i).get().name());
            }
            assertTrue(names(driver.list()).containsAll(
                    java.util.stream.IntStream.range(0, 12).mapToObj(i -> "contract-p" + i).toList()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theScopeIsLocalOrGlobal() {
        assertTrue(List.of("local", "global").contains(driver.scope()), driver.scope());
        assertFalse(driver.name() == null || driver.name().isBlank());
    }

    private static List<String> names(List<VolumeInfo> volumes) {
        return volumes.stream().map(VolumeInfo::name).toList();
    }
}
