package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
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
 * it. Volumes are made without options, which every driver must accept. It checks what {@link VolumeDriver}'s javadoc
 * promises, failure kinds included.
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
        assertKind(ErrorKind.NOT_FOUND, () -> driver.get("contract-a"));
    }

    @Test
    void creatingAnExistingVolumeKeepsItsData() throws IOException {
        createWithData("contract-b");
        assertEquals("contract-b", driver.create("contract-b", Map.of()).name());
        assertKeptData(driver, "contract-b");
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
    void aMissingVolumeIsNotFoundNotAnEmptyAnswer() {
        assertKind(ErrorKind.NOT_FOUND, () -> driver.get("contract-missing"));
        assertKind(ErrorKind.NOT_FOUND, () -> driver.mount("contract-missing", "m1"));
        assertKind(ErrorKind.NOT_FOUND, () -> driver.unmount("contract-missing", "m1"));
        assertKind(ErrorKind.NOT_FOUND, () -> driver.remove("contract-missing"));
    }

    @Test
    void aNameThatIsNotOnePathElementIsInvalid() throws IOException {
        for (String name : List.of("../contract-escape", "contract/nested", "..")) {
            assertKind(ErrorKind.INVALID_PARAMETER, () -> driver.create(name, Map.of()));
        }
        assertFalse(Files.exists(root.resolveSibling("contract-escape")), "a volume was made outside the root");
        assertTrue(driver.list().stream().noneMatch(v -> v.name().contains("escape") || v.name().contains("/")));
    }

    @Test
    void aMountedVolumeIsNotRemoved() throws IOException {
        driver.create("contract-d", Map.of());
        Path mounted = driver.mount("contract-d", "m1");
        Files.writeString(mounted.resolve("kept"), "data");
        assertKind(ErrorKind.CONFLICT, () -> driver.remove("contract-d"));
        assertEquals("data", Files.readString(mounted.resolve("kept")));
        driver.unmount("contract-d", "m1");
        driver.remove("contract-d");
        assertKind(ErrorKind.NOT_FOUND, () -> driver.get("contract-d"));
    }

    @Test
    void mountsAreCountedPerIdAndAnUnknownIdReleasesNothing() throws IOException {
        driver.create("contract-e", Map.of());
        driver.mount("contract-e", "m1");
        driver.mount("contract-e", "m1");
        driver.unmount("contract-e", "m1");
        driver.unmount("contract-e", "never-mounted");
        assertKind(ErrorKind.CONFLICT, () -> driver.remove("contract-e"));
        driver.unmount("contract-e", "m1");
        driver.remove("contract-e");
    }

    @Test
    void volumesAndTheirDataOutliveTheDriverObject() throws IOException {
        createWithData("contract-f");

        VolumeDriver restarted = open(root);
        assertEquals(List.of("contract-f"), names(restarted.list()));
        assertKeptData(restarted, "contract-f");
        restarted.remove("contract-f");
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

    /** Creates the volume and writes a file {@code kept} into it through a mount that is then released. */
    private void createWithData(String name) throws IOException {
        driver.create(name, Map.of());
        Path mounted = driver.mount(name, "m1");
        Files.writeString(mounted.resolve("kept"), "data");
        driver.unmount(name, "m1");
    }

    private static void assertKeptData(VolumeDriver driver, String name) throws IOException {
        Path again = driver.mount(name, "m2");
        assertEquals("data", Files.readString(again.resolve("kept")));
        driver.unmount(name, "m2");
    }

    private static void assertKind(ErrorKind kind, org.junit.jupiter.api.function.Executable call) {
        EngineException thrown = assertThrows(EngineException.class, call);
        assertEquals(kind, thrown.kind(), thrown.getMessage());
    }

    private static List<String> names(List<VolumeInfo> volumes) {
        return volumes.stream().map(VolumeInfo::name).toList();
    }
}
