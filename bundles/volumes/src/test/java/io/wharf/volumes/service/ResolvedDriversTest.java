package io.wharf.volumes.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.volume.Volume;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeDriverResolver;
import io.wharf.volumes.testing.FakeContainers;
import io.wharf.volumes.testing.FakeDriver;
import io.wharf.volumes.testing.RecordingEventBus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drivers that appear when their name is first used (plugins), as dockerd activates volume plugins. */
class ResolvedDriversTest {
    @TempDir
    Path dataRoot;
    private final List<String> asked = new ArrayList<>();
    private FakeDriver plugin;
    private VolumeDrivers drivers;
    private VolumeManager volumes;

    private final VolumeDriverResolver resolver = new VolumeDriverResolver() {
        @Override
        public VolumeDriver resolve(String name) {
            asked.add(name);
            if (name.equals("broken")) {
                throw EngineException.system("error looking up volume plugin broken: Plugin.Activate: refused", null);
            }
            return name.equals("plug") ? plugin : null;
        }

        @Override
        public List<VolumeDriver> resolveAll() {
            asked.add("*");
            return List.of(plugin);
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        plugin = new FakeDriver("plug", "local", dataRoot.resolve("plug"));
        drivers = new VolumeDrivers();
        drivers.add("local", new FakeDriver("local", "local", dataRoot.resolve("volumes")));
        drivers.addResolver(resolver);
        volumes = new VolumeManager(drivers, dataRoot.resolve("meta"), FakeContainers::new, RecordingEventBus::new);
        volumes.adoptAll();
    }

    @Test
    void startingActivatesNoPlugin() {
        assertEquals(List.of(), asked);
    }

    @Test
    void aDriverNameFirstUsedIsResolvedOnceThenKnown() throws IOException {
        Volume v = volumes.create("pv", "plug", Map.of("o", "1"), null);
        assertEquals("plug", v.driver());
        volumes.create("pv2", "plug", Map.of(), null);
        assertEquals(List.of("plug"), asked);
        assertTrue(plugin.calls.stream().anyMatch(c -> c.startsWith("create pv")), plugin.calls.toString());
    }

    @Test
    void anUnknownNameIsDockersNotFoundAndAFailedActivationItsOwnError() {
        EngineException missing = assertThrows(EngineException.class, () -> volumes.create("x", "nope", null, null));
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertEquals("create x: error looking up volume plugin nope: plugin \"nope\" not found", missing.getMessage());
        EngineException broken = assertThrows(EngineException.class, () -> volumes.create("x", "broken", null, null));
        assertEquals("create x: error looking up volume plugin broken: Plugin.Activate: refused", broken.getMessage());
    }

    @Test
    void listingActivatesEveryPluginAndShowsItsVolumes() throws IOException {
        plugin.create("made-elsewhere", Map.of());
        List<String> names = volumes.list(Map.of()).volumes().stream().map(Volume::name).toList();
        assertEquals(List.of("made-elsewhere"), names);
        assertEquals(List.of("*"), asked);
    }
}
