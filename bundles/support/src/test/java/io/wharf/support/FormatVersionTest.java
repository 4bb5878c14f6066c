package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.FormatVersion.Area;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatVersionTest {
    @TempDir
    Path dataRoot;

    private final List<Integer> migratedFrom = new ArrayList<>();

    private FormatVersion.Migration recording() {
        return migratedFrom::add;
    }

    @Test
    void aNewAreaGetsTheCurrentVersionWithoutMigrating() throws IOException {
        Path dir = dataRoot.resolve("network");
        assertEquals(Area.NETWORKS.current(), FormatVersion.open(Area.NETWORKS, dir, recording()));
        assertEquals(List.of(), migratedFrom);
        assertEquals(Area.NETWORKS.current() + "\n", Files.readString(dir.resolve(FormatVersion.FILE_NAME)));
    }

    @Test
    void contentWithoutAVersionFileIsUnversionedAndMigratesOnce() throws IOException {
        Path dir = Files.createDirectories(dataRoot.resolve("builder"));
        Files.writeString(dir.resolve("cache.json"), "{}");
        assertEquals(FormatVersion.UNVERSIONED, FormatVersion.open(Area.BUILDER, dir, recording()));
        assertEquals(List.of(FormatVersion.UNVERSIONED), migratedFrom);
        assertEquals(Area.BUILDER.current(), FormatVersion.read(dir));

        assertEquals(Area.BUILDER.current(), FormatVersion.open(Area.BUILDER, dir, recording()));
        assertEquals(List.of(FormatVersion.UNVERSIONED), migratedFrom, "a current area is not migrated again");
    }

    @Test
    void aFailedMigrationLeavesTheAreaUnversionedSoTheNextStartRetries() throws IOException {
        Path dir = Files.createDirectories(dataRoot.resolve("builder"));
        Files.writeString(dir.resolve("cache.json"), "{}");
        assertThrows(IOException.class, () -> FormatVersion.open(Area.BUILDER, dir, from -> {
            throw new IOException("disk full");
        }));
        assertEquals(FormatVersion.UNVERSIONED, FormatVersion.read(dir));
    }

    @Test
    void aNewerVersionIsRefusedNamingTheAreaAndBothVersionsAndLeftAlone() throws IOException {
        Path dir = Files.createDirectories(dataRoot.resolve("containers"));
        Files.writeString(dir.resolve(FormatVersion.FILE_NAME), "7\n");
        FormatVersion.NewerFormatException e = assertThrows(FormatVersion.NewerFormatException.class,
                () -> FormatVersion.open(Area.CONTAINERS, dir, recording()));
        assertTrue(e.getMessage().contains("containers"), e.getMessage());
        assertTrue(e.getMessage().contains("format version 7"), e.getMessage());
        assertTrue(e.getMessage().contains("version " + Area.CONTAINERS.current()), e.getMessage());
        assertEquals(List.of(), migratedFrom);
        assertEquals("7\n", Files.readString(dir.resolve(FormatVersion.FILE_NAME)));
    }

    @Test
    void newerAreasListsEveryAreaANewerWharfWroteAlsoBelowAPattern() throws IOException {
        FormatVersion.open(Area.NETWORKS, dataRoot.resolve("network"), recording());
        Path images = Files.createDirectories(dataRoot.resolve("image/vfs"));
        Files.writeString(images.resolve(FormatVersion.FILE_NAME), "99");
        Path volumes = Files.createDirectories(dataRoot.resolve("volumes-meta"));
        Files.writeString(volumes.resolve(FormatVersion.FILE_NAME), "two");

        List<String> problems = FormatVersion.newerAreas(dataRoot);

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("images") && problems.get(0).contains("99"), problems.toString());
        assertTrue(problems.get(1).contains("volumes") && problems.get(1).contains("two"), problems.toString());
    }

    @Test
    void anUnversionedOrCurrentDataRootHasNoNewerAreas() throws IOException {
        Files.createDirectories(dataRoot.resolve("containers/abc"));
        FormatVersion.open(Area.IMAGES, dataRoot.resolve("image/overlay2"), recording());
        assertEquals(List.of(), FormatVersion.newerAreas(dataRoot));
    }
}
