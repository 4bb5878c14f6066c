package io.wharf.volume.plugins;

import io.wharf.api.testkit.ScriptedPlugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginVolumeDriverTest {
    private final ScriptedPlugin plugin = new ScriptedPlugin("scripted", "VolumeDriver");

    @Test
    void scopeComesFromCapabilitiesAndDefaultsToLocal() {
        plugin.answers.put("VolumeDriver.Capabilities", "{\"Capabilities\":{\"Scope\":\"global\"}}");
        assertEquals("global", new PluginVolumeDriver(plugin).scope());
        plugin.statuses.put("VolumeDriver.Capabilities", 404);
        assertEquals("local", new PluginVolumeDriver(plugin).scope());
    }

    @Test
    void createSendsNameAndOptionsThenAsksForTheVolume() throws IOException {
        plugin.answers.put("VolumeDriver.Get", """
                {"Volume":{"Name":"v","Mountpoint":"/srv/v","CreatedAt":"2024-01-02T03:04:05Z",
                 "Status":{"size":3,"state":"ok"}},"Err":""}""");
        VolumeInfo info = new PluginVolumeDriver(plugin).create("v", Map.of("o", "1"));
        assertEquals(new VolumeInfo("v", "/srv/v", "2024-01-02T03:04:05Z", Map.of("size", "3", "state", "ok")), info);
        assertEquals("VolumeDriver.Create {\"Name\":\"v\",\"Opts\":{\"o\":\"1\"}}", plugin.calls.get(1));
    }

    @Test
    void mountAndUnmountCarryTheMountId() throws IOException {
        plugin.answers.put("VolumeDriver.Mount", "{\"Mountpoint\":\"/srv/v\",\"Err\":\"\"}");
        PluginVolumeDriver driver = new PluginVolumeDriver(plugin);
        assertEquals(Path.of("/srv/v"), driver.mount("v", "c1"));
        driver.unmount("v", "c1");
        assertEquals(List.of("VolumeDriver.Mount {\"Name\":\"v\",\"ID\":\"c1\"}",
                "VolumeDriver.Unmount {\"Name\":\"v\",\"ID\":\"c1\"}"), plugin.calls.subList(1, 3));
    }

    @Test
    void errIsThePluginsMessageAndANonOkStatusNamesTheMethod() {
        plugin.answers.put("VolumeDriver.Create", "{\"Err\":\"quota exceeded\"}");
        plugin.answers.put("VolumeDriver.Remove", "{\"Err\":\"busy\"}");
        plugin.statuses.put("VolumeDriver.Remove", 500);
        PluginVolumeDriver driver = new PluginVolumeDriver(plugin);
        EngineException create = assertThrows(EngineException.class, () -> driver.create("v", Map.of()));
        assertEquals("quota exceeded", create.getMessage());
        EngineException remove = assertThrows(EngineException.class, () -> driver.remove("v"));
        assertEquals("VolumeDriver.Remove: {\"Err\":\"busy\"}", remove.getMessage());
        assertEquals(ErrorKind.SYSTEM, remove.kind());
    }

    @Test
    void aMountWithoutMountpointIsAnError() {
        EngineException e = assertThrows(EngineException.class, () -> new PluginVolumeDriver(plugin).mount("v", "c"));
        assertEquals(ErrorKind.SYSTEM, e.kind());
    }

    @Test
    void getOfAnUnknownVolumeIsNotFoundAndAMissingMountpointIsAskedOfPath() throws IOException {
        plugin.answers.put("VolumeDriver.Get", "{\"Err\":\"no such volume\"}");
        PluginVolumeDriver driver = new PluginVolumeDriver(plugin);
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> driver.get("x")).kind());
        plugin.answers.put("VolumeDriver.Get", "{\"Volume\":{\"Name\":\"x\"}}");
        plugin.answers.put("VolumeDriver.Path", "{\"Mountpoint\":\"/p/x\"}");
        assertEquals("/p/x", driver.get("x").mountpoint());
    }

    @Test
    void listMapsEveryVolume() throws IOException {
        plugin.answers.put("VolumeDriver.List", "{\"Volumes\":[{\"Name\":\"a\",\"Mountpoint\":\"/a\"},{\"Name\":\"b\"}]}");
        assertEquals(List.of(new VolumeInfo("a", "/a", null, Map.of()), new VolumeInfo("b", "", null, Map.of())),
                new PluginVolumeDriver(plugin).list());
    }
}
