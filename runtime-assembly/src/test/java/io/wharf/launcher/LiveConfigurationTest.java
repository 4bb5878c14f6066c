package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveConfigurationTest {
    @Test
    void reloadAppliesReloadableKeysAndReportsTheRest() {
        LiveConfiguration live = new LiveConfiguration(Map.of("labels", List.of("stage=one"), "storage-driver",
                "overlay2"));
        LiveConfiguration.Reload r = live.reload(Map.of("labels", List.of("stage=two"), "storage-driver", "vfs",
                "registry-mirrors", List.of("http://127.0.0.1:5999")));
        assertEquals(List.of("labels", "registry-mirrors"), r.applied());
        assertEquals(List.of("storage-driver"), r.needRestart());
        assertArrayEquals(new String[] {"stage=two"}, (String[]) r.configurations().get("io.wharf.engine")
                .get("labels"));
        assertEquals("overlay2", r.configurations().get("io.wharf.storage").get("storageDriver"),
                "the storage driver keeps its startup value until a restart");
        assertEquals(1, r.configurations().get("io.wharf.engine").get("reloads"));
    }

    @Test
    void authorizationPluginsChangeLiveAsInDockerd() {
        LiveConfiguration live = new LiveConfiguration(Map.of());
        LiveConfiguration.Reload r = live.reload(Map.of("authorization-plugins", List.of("deny")));
        assertEquals(List.of("authorization-plugins"), r.applied());
        assertArrayEquals(new String[] {"deny"}, (String[]) r.configurations().get("io.wharf.plugins")
                .get("authorizationPlugins"));
    }

    @Test
    void aKeyLeftOutOfTheFileFallsBackToItsDefault() {
        LiveConfiguration live = new LiveConfiguration(Map.of("debug", true));
        LiveConfiguration.Reload r = live.reload(Map.of());
        assertEquals(List.of("debug"), r.applied());
        assertNull(r.configurations().get("io.wharf.engine").get("debug"));
        assertEquals(2, live.reload(Map.of()).configurations().get("io.wharf.engine").get("reloads"),
                "every SIGHUP counts, even one that changes nothing");
    }

    @Test
    void aChangeRevertedBeforeTheRestartNeedsNone() {
        LiveConfiguration live = new LiveConfiguration(Map.of("mtu", 1500L));
        assertEquals(List.of("mtu"), live.reload(Map.of("mtu", 1400L)).needRestart());
        assertEquals(List.of(), live.reload(Map.of("mtu", 1500L)).needRestart());
    }
}
