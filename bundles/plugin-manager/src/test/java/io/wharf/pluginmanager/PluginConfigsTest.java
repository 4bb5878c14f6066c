package io.wharf.pluginmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.plugin.manager.PluginPrivilege;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginConfigsTest {
    @Test
    void readsDockerCreatesLowerCaseConfigAndWharfsPart() {
        PluginConfig config = PluginConfigs.read(PluginContexts.config("dirvol").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("wharf.volumedriver/1.0"), config.pluginInterface().types());
        assertEquals(List.of("dirvol"), config.wharf().drivers());
        assertEquals("com.example.dirvol", config.wharf().configurationPid());
        assertEquals("/srv/dirvol", config.env().get(0).value());
        assertEquals("volumedriver", PluginConfigs.capability("wharf.volumedriver/1.0"));
    }

    @Test
    void incompleteDockerPluginsAndBadTypesAreRefusedAs400() {
        for (String json : List.of("{\"interface\": {\"types\": [\"docker.volumedriver/1.0\"]}}",
                "{\"interface\": {\"types\": [\"docker.volumedriver/1.0\"], \"socket\": \"../x.sock\"},"
                        + " \"entrypoint\": [\"/p\"]}",
                "{\"interface\": {\"types\": [\"docker.volumedriver/1.0\", \"wharf.volumedriver/1.0\"],"
                        + " \"socket\": \"x.sock\"}, \"entrypoint\": [\"/p\"]}",
                "{\"interface\": {\"types\": [\"other.volumedriver/1.0\"]}}",
                "{\"interface\": {\"types\": [\"volumedriver\"]}}", "{\"interface\": {\"types\": []}}",
                "[1]", "{", "")) {
            EngineException e = assertThrows(EngineException.class,
                    () -> PluginConfigs.read(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), json);
        }
    }

    @Test
    void aPropagatedMountThatIsTheRootOrHoldsTheSocketOrLoggingDirIsRefusedAs400() {
        for (String propagated : List.of("/", "//", "/run/docker/plugins", "/run/docker/plugins/x/",
                "/run/docker/logging/y")) {
            String json = "{\"interface\": {\"types\": [\"docker.volumedriver/1.0\"], \"socket\": \"x.sock\"},"
                    + " \"entrypoint\": [\"/p\"], \"propagatedMount\": \"" + propagated + "\"}";
            EngineException e = assertThrows(EngineException.class,
                    () -> PluginConfigs.read(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), json);
            assertTrue(e.getMessage().contains("propagatedMount"), e.getMessage());
        }
        assertEquals("/run/docker/pluginsx", PluginConfigs.read(("{\"interface\": {\"types\":"
                + " [\"docker.volumedriver/1.0\"], \"socket\": \"x.sock\"}, \"entrypoint\": [\"/p\"],"
                + " \"propagatedMount\": \"/run/docker/pluginsx\"}").getBytes(StandardCharsets.UTF_8))
                .propagatedMount());
    }

    @Test
    void aDockerPluginIsToldByItsTypesAndAsksForNoEngineProcess() {
        PluginConfig config = PluginConfigs.read(("{\"interface\": {\"types\": [\"docker.volumedriver/1.0\"],"
                + " \"socket\": \"dirvol.sock\"}, \"entrypoint\": [\"/usr/bin/python3\", \"/plugin.py\"],"
                + " \"network\": {\"type\": \"none\"}, \"mounts\": [{\"source\": \"/usr\", \"destination\":"
                + " \"/usr\", \"type\": \"bind\", \"options\": [\"rbind\", \"ro\"]}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(PluginConfigs.isDocker(config));
        assertEquals(List.of("network", "mount"),
                PluginPrivileges.required(config).stream().map(PluginPrivilege::name).toList());
    }

    @Test
    void aBridgeNetworkIsAcceptedAndAsksForNoNetworkPrivilegeAsInDockerd() {
        PluginConfig config = PluginConfigs.read(("{\"interface\": {\"types\": [\"docker.volumedriver/1.0\"],"
                + " \"socket\": \"x.sock\"}, \"entrypoint\": [\"/p\"], \"network\": {\"type\": \"bridge\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("bridge", config.network().type());
        assertTrue(PluginPrivileges.required(config).isEmpty());
    }

    @Test
    void privilegesNameWhatTheConfigAsksForAndTheProcessItRunsIn() {
        PluginConfig config = PluginConfigs.read(("{\"interface\": {\"types\": [\"wharf.volumedriver/1.0\"]},"
                + " \"network\": {\"type\": \"host\"}, \"linux\": {\"capabilities\": [\"CAP_SYS_ADMIN\"]}}")
                .getBytes(StandardCharsets.UTF_8));
        List<PluginPrivilege> required = PluginPrivileges.required(config);
        assertEquals(List.of("engine-process", "network", "capabilities"),
                required.stream().map(PluginPrivilege::name).toList());
        PluginPrivileges.check(required, required);
        EngineException e = assertThrows(EngineException.class,
                () -> PluginPrivileges.check(required, required.subList(0, 2)));
        assertTrue(e.getMessage().startsWith("incorrect privileges: capabilities"), e.getMessage());
    }
}
