package io.wharf.volume.plugins;

import io.wharf.api.testkit.ScriptedPlugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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

    private final List<PluginVolumeDriver> unregistered = new ArrayList<>();
    private final List<Runnable> goneActions = new ArrayList<>();

    private Runnable register(PluginVolumeDriver driver) {
        registered.add(driver);
        return () -> unregistered.add(driver);
    }

    /** The scripted plugin as a managed one: its paths under a root, and it can go. */
    private final LegacyPlugin managed = new LegacyPlugin() {
        @Override
        public String name() {
            return "acme/vol:1.0";
        }

        @Override
        public List<String> implementedTypes() {
            return plugin.implementedTypes();
        }

        @Override
        public byte[] call(String method, byte[] jsonRequest) throws IOException {
            return plugin.call(method, jsonRequest);
        }

        @Override
        public String hostPath(String pluginPath) {
            return "/plugins/p1/rootfs" + pluginPath;
        }

        @Override
        public void whenGone(Runnable action) {
            goneActions.add(action);
        }
    };

    @Test
    void aManagedPluginsDriverGoesWithItAndItsPathsAreTheHosts() throws IOException {
        LegacyPlugins withManaged = new LegacyPlugins() {
            @Override
            public LegacyPlugin get(String name, String type) {
                return managed;
            }

            @Override
            public List<LegacyPlugin> getAll(String type) {
                return List.of(managed);
            }
        };
        plugin.answers.put("VolumeDriver.Mount", "{\"Mountpoint\": \"/mnt/v1\"}");
        PluginVolumeDrivers drivers = new PluginVolumeDrivers(withManaged, this::register);
        VolumeDriver driver = drivers.resolve("acme/vol:1.0");
        assertEquals("/plugins/p1/rootfs/mnt/v1", driver.mount("v1", "c1").toString());
        goneActions.forEach(Runnable::run);
        assertEquals(List.of(driver), unregistered);
        VolumeDriver again = drivers.resolve("acme/vol:1.0");
        assertNotSame(driver, again, "a plugin enabled again is a new driver");
    }

    @Test
    void aPluginIsMadeADriverOnceAndRegistered() {
        PluginVolumeDrivers drivers = new PluginVolumeDrivers(plugins, this::register);
        VolumeDriver first = drivers.resolve("scripted");
        assertSame(first, drivers.resolve("scripted"));
        assertSame(first, drivers.resolveAll().get(0));
        assertEquals(List.of(first), registered);
        assertEquals("scripted", first.name());
    }

    @Test
    void anUnknownNameIsNoDriverAndAFailedHandshakeAnError() {
        PluginVolumeDrivers drivers = new PluginVolumeDrivers(plugins, this::register);
        assertNull(drivers.resolve("other"));
        EngineException e = assertThrows(EngineException.class, () -> drivers.resolve("down"));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("error looking up volume plugin down: Plugin.Activate: connection refused", e.getMessage());
    }
}
