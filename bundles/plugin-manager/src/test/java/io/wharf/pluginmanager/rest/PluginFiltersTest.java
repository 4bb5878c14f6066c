package io.wharf.pluginmanager.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.manager.Plugin;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.plugin.manager.PluginSettings;
import io.wharf.support.Filters;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginFiltersTest {
    private static final List<Plugin> PLUGINS = List.of(plugin("vol", true, "wharf.volumedriver/1.0"),
            plugin("net", false, "wharf.networkdriver/1.0"));

    private static Plugin plugin(String name, boolean enabled, String type) {
        PluginConfig config = new PluginConfig(null, null, new PluginConfig.Interface(List.of(type), null), null,
                null, null, null, null, false, false, null, null, null, null);
        return new Plugin(name, name, enabled, new PluginSettings(null, null, null, null), "", config);
    }

    private static List<String> names(String filters) {
        return PluginFilters.apply(Filters.parse(filters), PLUGINS).stream().map(Plugin::name).toList();
    }

    @Test
    void filtersByCapabilityAndByEnabledUnderEitherName() {
        assertEquals(List.of("vol", "net"), names(null));
        assertEquals(List.of("vol"), names("{\"capability\":[\"volumedriver\"]}"));
        assertEquals(List.of("net"), names("{\"enabled\":[\"false\"]}"));
        assertEquals(List.of("vol"), names("{\"enable\":[\"true\"]}"));
        assertEquals(List.of(), names("{\"capability\":[\"volumedriver\"],\"enabled\":[\"false\"]}"));
    }

    @Test
    void unknownFiltersAndNonBooleansAre400() {
        for (String bad : List.of("{\"driver\":[\"x\"]}", "{\"enabled\":[\"maybe\"]}")) {
            assertEquals(ErrorKind.INVALID_PARAMETER,
                    assertThrows(EngineException.class, () -> names(bad)).kind(), bad);
        }
    }
}
