package com.example.wharf.dirvol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.volume.VolumeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirVolumesTest {
    @TempDir
    Path root;

    @Test
    void aVolumeIsAFolderUnderTheRootUntilRemoved() throws Exception {
        DirVolumes volumes = new DirVolumes(root, Map.of("DriverVersion", "1.0.0"));
        VolumeInfo created = volumes.create("data");
        assertEquals(root.resolve("data").toString(), created.mountpoint());
        assertEquals("1.0.0", created.status().get("DriverVersion"));
        Files.writeString(volumes.mount("data").resolve("f"), "x");
        assertEquals(List.of("data"), volumes.list().stream().map(VolumeInfo::name).toList());

        volumes.remove("data");
        assertFalse(Files.exists(root.resolve("data")));
        EngineException gone = assertThrows(EngineException.class, () -> volumes.get("data"));
        assertEquals(ErrorKind.NOT_FOUND, gone.kind());
    }

    @Test
    void namesThatLeaveTheRootAreRefused() {
        DirVolumes volumes = new DirVolumes(root.resolve("r"), Map.of());
        for (String name : List.of("..", "../x", "a/b", "")) {
            EngineException e = assertThrows(EngineException.class, () -> volumes.create(name));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        }
        assertTrue(Files.notExists(root.resolve("x")));
    }
}
