package io.wharf.volumes.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.archive.DirectoryTrees;
import io.wharf.linux.LinuxFs;
import io.wharf.support.FormatVersion;
import io.wharf.volume.local.LocalVolumeDriver;
import io.wharf.volumes.service.VolumeDrivers;
import io.wharf.volumes.service.VolumeManager;
import io.wharf.volumes.testing.FakeContainers;
import io.wharf.volumes.testing.RecordingEventBus;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * POST /volumes/create with any body, over the real local driver (a volume name becomes a directory): a volume is
 * created inside the driver's directory, or the client hears a 4xx, never a server fault. A created volume is read
 * back by a restarted service with its labels and options, and is removed again without a trace.
 */
class VolumeCreateFuzzTest {
    private static final ObjectMapper JERSEY = new ObjectMapper();
    private Path dataRoot;

    /** A daemon's volume service over {@code dataRoot}, as one start opens it. */
    private VolumesResource start() throws IOException {
        VolumeDrivers drivers = new VolumeDrivers();
        drivers.add(LocalVolumeDriver.NAME, LocalVolumeDriver.open(dataRoot.resolve("volumes"), LinuxFs.get()));
        return new VolumesResource(new VolumeManagerBackend(new VolumeManager(drivers,
                dataRoot.resolve("volumes-meta"), FakeContainers::new, RecordingEventBus::new)));
    }

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"{\"Name\":", "\"Driver\":", "\"local\"", "\"DriverOpts\":{", "\"Labels\":{", "\"type\":",
        "\"device\":", "\"o\":", "\"tmpfs\"", "\"none\"", "\"bind\"", "\"size=1m\"", "\"uid=1000\"", "../", "/",
        "..", ".", "_data", "null", "true", "[]", "{}"})
    void createAnswersOrRefuses(byte[] body) throws IOException {
        dataRoot = Files.createTempDirectory("wharf-volume-fuzz"); // a data root per input: one daemon at a time
        try {
            createOnce(body);
        } finally {
            DirectoryTrees.delete(dataRoot);
        }
    }

    private void createOnce(byte[] body) throws IOException {
        VolumeBody volume;
        try {
            Response created = start().create(new ByteArrayInputStream(body));
            assertEquals(201, created.getStatus());
            volume = (VolumeBody) created.getEntity();
        } catch (EngineException e) {
            int status = e.kind().httpStatus();
            assertTrue(status >= 400 && status < 500 || status == 501, () -> status + ": " + e.getMessage());
            return;
        }
        JERSEY.writeValueAsString(volume);
        String name = volume.name();
        Path mountpoint = Path.of(volume.mountpoint());
        assertTrue(mountpoint.normalize().startsWith(dataRoot.resolve("volumes")), mountpoint::toString);
        assertEquals(List.of("volumes", "volumes-meta"), children(dataRoot), "nothing beside the volume store");

        VolumesResource restarted = start();
        VolumeBody again = restarted.inspect(name);
        assertEquals(volume.labels(), again.labels());
        assertEquals(volume.options(), again.options());
        assertEquals(volume.mountpoint(), again.mountpoint());
        restarted.remove(name, null);
        List<String> versionOnly = List.of(FormatVersion.FILE_NAME);
        assertEquals(versionOnly, children(dataRoot.resolve("volumes")), "a removed volume leaves no directory");
        assertEquals(versionOnly, children(dataRoot.resolve("volumes-meta")), "a removed volume leaves no metadata");
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
