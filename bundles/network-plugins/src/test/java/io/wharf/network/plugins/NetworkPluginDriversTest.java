package io.wharf.network.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.testkit.ScriptedPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPluginDriversTest {
    /** The plugins there now, by name, and how often each name was looked up. */
    private final Map<String, ScriptedPlugin> present = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final NetworkPluginDrivers drivers = new NetworkPluginDrivers(new LegacyPlugins() {
        @Override
        public LegacyPlugin get(String name, String type) {
            lookups.add(name + " " + type);
            ScriptedPlugin plugin = present.get(name);
            if (plugin == null || !plugin.implementedTypes().contains(type)) {
                throw EngineException.notFound("plugin \"%s\" not found", name);
            }
            return plugin;
        }

        @Override
        public List<LegacyPlugin> getAll(String type) {
            return List.of();
        }
    }, new PluginNetworkDriverTest.RecordingLinks());

    @Test
    void aDriverIsMadeOnceWhileItsPluginIsThere() {
        present.put("acme/net", new ScriptedPlugin("acme/net", "NetworkDriver"));
        NetworkDriver first = drivers.network("acme/net");
        assertSame(first, drivers.network("acme/net"));
        assertEquals(List.of("acme/net NetworkDriver"), lookups);
        assertNull(drivers.ipam("acme/net"), "it does not implement IpamDriver");
        assertNull(drivers.network("nobody"));
    }

    @Test
    void aManagedPluginsNetworkAndIpamDriversAreDroppedWhenItGoes() throws Exception {
        ScriptedPlugin v1 = new ScriptedPlugin("acme/net", "NetworkDriver", "IpamDriver");
        present.put("acme/net", v1);
        NetworkDriver network = drivers.network("acme/net");
        IpamDriver ipam = drivers.ipam("acme/net");

        v1.retire(); // disabled
        present.remove("acme/net");
        assertNull(drivers.network("acme/net"), "a disabled plugin's driver is not found");
        assertNull(drivers.ipam("acme/net"));

        ScriptedPlugin v2 = new ScriptedPlugin("acme/net", "NetworkDriver", "IpamDriver");
        present.put("acme/net", v2); // enabled again
        NetworkDriver again = drivers.network("acme/net");
        assertNotSame(network, again, "the enabled plugin is found anew");
        assertNotSame(ipam, drivers.ipam("acme/net"));
        again.deleteNetwork("n1");
        assertTrue(v2.methods().contains("NetworkDriver.DeleteNetwork"), "it talks to the plugin now there");
        assertFalse(v1.methods().contains("NetworkDriver.DeleteNetwork"), v1.methods().toString());
    }

    @Test
    void aPluginGoneBeforeItsDriverIsKeptIsNotKept() {
        ScriptedPlugin gone = new ScriptedPlugin("acme/net", "NetworkDriver");
        gone.retire();
        present.put("acme/net", gone);
        drivers.network("acme/net");
        drivers.network("acme/net");
        assertEquals(2, lookups.size(), "nothing kept for a plugin already gone");
    }
}
