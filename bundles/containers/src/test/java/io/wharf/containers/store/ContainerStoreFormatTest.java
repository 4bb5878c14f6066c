package io.wharf.containers.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.support.FormatVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers written by Wharf 0.1 (689d0a6, no format version): an exited one with its log, a created one. */
class ContainerStoreFormatTest {
    @TempDir
    Path dataRoot;

    private Path unversionedContainers() throws Exception {
        Path fixture = Path.of(getClass().getResource("/wharf-0.1/containers").toURI());
        new ProcessBuilder("cp", "-a", fixture.toString(), dataRoot.toString()).inheritIO().start().waitFor();
        return dataRoot.resolve("containers");
    }

    @Test
    void anUnversionedAreaLoadsAsBeforeAndIsMarkedCurrent() throws Exception {
        Path root = unversionedContainers();

        List<Container> loaded = new ContainerStore(root).loadAll();

        loaded.sort(Comparator.comparing(Container::name));
        assertEquals(List.of("/stopped", "/talker"), loaded.stream().map(Container::name).toList());
        assertEquals(List.of(0, 0), loaded.stream().map(c -> c.record().state.exitCode).toList());
        assertNull(loaded.get(1).hostConfigProblem(), "its host configuration reads");
        assertEquals(FormatVersion.Area.CONTAINERS.current(), FormatVersion.read(root));
    }

    @Test
    void aNewerAreaIsNotRead() throws Exception {
        Path root = unversionedContainers();
        Files.writeString(root.resolve(FormatVersion.FILE_NAME), "2\n");
        assertThrows(FormatVersion.NewerFormatException.class, () -> new ContainerStore(root).loadAll());
    }
}
