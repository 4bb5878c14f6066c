package io.wharf.pluginmanager.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.plugin.manager.PluginSettings;
import io.wharf.pluginmanager.PluginConfigs;
import io.wharf.pluginmanager.PluginRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {
    private static final PluginConfig CONFIG = PluginConfigs.read("""
            {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"],
             "env": [{"name": "DEBUG", "value": "0", "settable": ["value"]}, {"name": "FIXED", "value": "1"}],
             "args": {"name": "args", "value": ["-v"], "settable": ["value"]},
             "mounts": [{"name": "state", "source": "/var/lib/x", "destination": "/state", "type": "bind",
                         "options": ["rbind"], "settable": ["source"]}],
             "linux": {"devices": [{"name": "fuse", "path": "/dev/fuse", "settable": ["path"]}]}}
            """.getBytes(StandardCharsets.UTF_8));
    private static final PluginRecord RECORD = new PluginRecord("a".repeat(64), "acme/x:1.0", "", false, List.of());

    @Test
    void envArgsMountSourcesAndDevicePathsMarkedSettableAreSet() {
        PluginRecord set = DockerSettings.apply(CONFIG, RECORD,
                List.of("DEBUG=1", "args=-v -d", "state.source=/srv/x", "fuse=/dev/null"));
        PluginSettings shown = DockerSettings.describe(CONFIG, set);
        assertEquals(List.of("DEBUG=1", "FIXED=1"), shown.env());
        assertEquals(List.of("-v", "-d"), shown.args());
        assertEquals("/srv/x", shown.mounts().get(0).source());
        assertEquals("/dev/null", shown.devices().get(0).path());
        assertEquals(Map.of("state", "/srv/x"), set.overrides().mounts());
        assertEquals(List.of("-v"), DockerSettings.args(CONFIG, RECORD), "the config's until set");
    }

    @Test
    void whatIsNotSettableOrNotThereIsRefusedWithDockersWords() {
        for (String[] c : new String[][] {{"FIXED=2", "\"FIXED\" is not settable"},
                {"state.destination=/x", "\"state.destination\" is not settable"},
                {"nope=1", "setting \"nope\" not found in the plugin configuration"},
                {"=1", "invalid key/value pair format: =1"}}) {
            EngineException e = assertThrows(EngineException.class,
                    () -> DockerSettings.apply(CONFIG, RECORD, List.of(c[0])));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertEquals(c[1], e.getMessage());
        }
    }
}
