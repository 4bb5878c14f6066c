package io.wharf.volume.plugins;

import io.wharf.api.testkit.ScriptedPlugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.volume.VolumeDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginVolumeDriversTest {
    private final ScriptedPlugin plugin = new ScriptedPlugin("scripted", "VolumeDriver");
    private final List<PluginVolumeDriver> registered = new ArrayList<>();

    private final LegacyPlugins plugins = new LegacyPlugins() {
        @Override
        public LegacyPlugin get(String name, String type) throws IOException {
            if (name.equals("down")) {
                throw new IOException("Plugin.Activate: connection refused");
            }
            if (!name.equals("scripted")) {
                throw EngineException.notFound("plugin \"%s\" not found", name);
            }
            return plugin;
        }

        @Override
        public List<LegacyPlugin> getAll(String type) {
            return List.of(plugin);
        }
    };

    @Test
    void aPluginIsMadeADriverOnceAndRegistered() {
        PluginVolumeDrivers drivers = new PluginVolumeDrivers(plugins, registered::add);
        VolumeDriver first = drivers.resolve("scripted");
        assertSame(first, drivers.resolve("scripted"));
        assertSame(first, drivers.resolveAll().get(0));
        assertEquals(List.of(first), registered);
        assertEquals("scripted", first.name());
    }

    @Test
    void anUnknownNameIsNoDriverAndAFailedHandshakeAnError() {
        PluginVolumeDrivers drivers = new PluginVolumeDrivers(plugins, registered::add);
        assertNull(drivers.resolve("other"));
        EngineException e = assertThrows(EngineException.class, () -> drivers.resolve("down"));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("error looking up volume plugin down: Plugin.Activate: connection refused", e.getMessage());
    }
}
