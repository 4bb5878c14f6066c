package io.wharf.pluginmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.linux.LinuxFs;
import io.wharf.pluginmanager.docker.RootfsLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create's context made into a layer and unpacked, as a Docker plugin's root file system is. */
class DockerPluginRootfsTest {
    private static final String CONFIG = "{\"interface\": {\"types\": [\"docker.volumedriver/1.0\"],"
            + " \"socket\": \"x.sock\"}, \"entrypoint\": [\"/x\"]}";
    private final RootfsLayers layers = new RootfsLayers(LinuxFs.get());

    @TempDir
    Path dir;

    @Test
    void aContextsRootfsBecomesOneLayerWhoseDiffIdTheConfigNames() throws IOException {
        byte[] context = PluginContexts.files("config.json", CONFIG, "rootfs/plugin.py", "print('hi')",
                "rootfs/etc/conf", "a=1");
        Path layer = dir.resolve("layer");
        byte[] config = layers.fromContext(new ByteArrayInputStream(context), layer);
        List<String> diffIds = RootfsLayers.diffIds(config);
        assertEquals(1, diffIds.size());
        assertTrue(new String(config).contains("\"entrypoint\""), "the author's config is kept");
        Path rootfs = dir.resolve("rootfs");
        layers.unpack(List.of(layer), diffIds, rootfs);
        assertEquals("print('hi')", Files.readString(rootfs.resolve("plugin.py")));
        assertEquals("a=1", Files.readString(rootfs.resolve("etc/conf")));
        assertFalse(Files.exists(rootfs.resolve("config.json")), "only rootfs/ is the plugin's file system");
    }

    @Test
    void aLayerWhoseContentIsNotItsDiffIdIsRefused() throws IOException {
        Path layer = dir.resolve("layer");
        layers.fromContext(new ByteArrayInputStream(PluginContexts.files("config.json", CONFIG, "rootfs/a", "1")),
                layer);
        EngineException e = assertThrows(EngineException.class, () -> layers.unpack(List.of(layer),
                List.of("sha256:" + "0".repeat(64)), dir.resolve("rootfs")));
        assertTrue(e.getMessage().contains("failed verification"), e.getMessage());
    }

    @Test
    void aHostileContextCannotWriteOutsideTheRootfs() throws IOException {
        Path layer = dir.resolve("layer");
        layers.fromContext(new ByteArrayInputStream(PluginContexts.files("config.json", CONFIG,
                "rootfs/../../escaped", "x")), layer);
        Path rootfs = Files.createDirectories(dir.resolve("a/b/rootfs"));
        assertThrows(IOException.class, () -> layers.unpack(List.of(layer), List.of(), rootfs));
        assertFalse(Files.exists(dir.resolve("a/escaped")));
        assertFalse(Files.exists(dir.resolve("escaped")));
    }

    @Test
    void aContextWithoutConfigIsRefused() {
        EngineException e = assertThrows(EngineException.class, () -> layers.fromContext(
                new ByteArrayInputStream(PluginContexts.files("rootfs/a", "1")), dir.resolve("layer")));
        assertTrue(e.getMessage().contains("config.json is missing"), e.getMessage());
    }
}
