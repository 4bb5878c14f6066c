package io.wharf.log.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntrySink;
import io.wharf.api.log.LogInfo;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLogDriverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LogInfo INFO = new LogInfo("c0ffee", "/web", "/bin/sh", List.of("-c", "echo hi"),
            "sha256:abc", "busybox", "2026-12-05T10:00:00.123456789Z", List.of("A=1"), Map.of("l", "v"),
            "/var/lib/wharf/containers/c0ffee/ctr.log", "docker", Map.of("opt", "x"));

    @TempDir
    Path dir;

    /** A plugin as Docker's docs describe one: StartLogging opens the FIFO and reads frames in the background. */
    private static final class FakePlugin implements LegacyPlugin {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CompletableFuture<JsonNode> started = new CompletableFuture<>();
        final CompletableFuture<List<byte[]>> frames = new CompletableFuture<>();
        String refusal;
        boolean readsFifo = true;
        /** A managed plugin's root file system; null for a legacy plugin, which sees the host's paths. */
        Path root;

        @Override
        public String hostPath(String pluginPath) {
            return root == null ? pluginPath : root + pluginPath;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public List<String> implementedTypes() {
            return List.of("LogDriver");
        }

        @Override
        public byte[] call(String method, byte[] request) throws IOException {
            JsonNode body = JSON.readTree(request);
            calls.add(method + " " + body.path("File").asText());
            if (method.equals("LogDriver.StartLogging")) {
                if (refusal != null) {
                    throw new PluginCallException(method, 500, refusal);
                }
                started.complete(body);
                if (readsFifo) {
                    read(Path.of(hostPath(body.path("File").asText())));
                }
            }
            return "{}".getBytes(StandardCharsets.UTF_8);
        }

        /** Opens the read end inside the call, as Docker's Go example does; reads in the background. */
        private void read(Path fifo) throws IOException {
            DataInputStream in = new DataInputStream(new FileInputStream(fifo.toFile()));
            Thread t = new Thread(() -> {
                List<byte[]> got = new CopyOnWriteArrayList<>();
                try (in) {
                    while (true) {
                        int size = in.readInt();
                        byte[] frame = new byte[size];
                        in.readFully(frame);
                        got.add(frame);
                    }
                } catch (java.io.EOFException end) {
                    frames.complete(got);
                } catch (IOException e) {
                    frames.completeExceptionally(e);
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    @Test
    void startsLoggingWithTheContainersInfoStreamsFramesAndStopsAtClose() throws Exception {
        FakePlugin plugin = new FakePlugin();
        PluginLogDriver driver = new PluginLogDriver(plugin, new Fifos(dir.resolve("fifos")));
        LogEntrySink sink = driver.open(INFO);
        JsonNode start = plugin.started.get(5, TimeUnit.SECONDS);
        Path fifo = Path.of(start.path("File").asText());
        assertTrue(fifo.startsWith(dir.resolve("fifos")));
        JsonNode info = start.path("Info");
        assertEquals("c0ffee", info.path("ContainerID").asText());
        assertEquals("/web", info.path("ContainerName").asText());
        assertEquals("/bin/sh", info.path("ContainerEntrypoint").asText());
        assertEquals("echo hi", info.path("ContainerArgs").path(1).asText());
        assertEquals("sha256:abc", info.path("ContainerImageID").asText());
        assertEquals("busybox", info.path("ContainerImageName").asText());
        assertEquals("2026-12-05T10:00:00.123456789Z", info.path("ContainerCreated").asText());
        assertEquals("A=1", info.path("ContainerEnv").path(0).asText());
        assertEquals("v", info.path("ContainerLabels").path("l").asText());
        assertEquals("docker", info.path("DaemonName").asText());
        assertEquals("x", info.path("Config").path("opt").asText());
        assertEquals(INFO.logPath(), info.path("LogPath").asText());

        sink.write(new LogEntry("stdout", 5, "one".getBytes(StandardCharsets.UTF_8), false));
        sink.write(new LogEntry("stderr", 6, "two".getBytes(StandardCharsets.UTF_8), false));
        sink.close();
        List<byte[]> frames = plugin.frames.get(5, TimeUnit.SECONDS);
        assertEquals(2, frames.size());
        assertEquals("0a067374646f757410051a036f6e65", java.util.HexFormat.of().formatHex(frames.get(0)));
        assertEquals(List.of("LogDriver.StartLogging " + fifo, "LogDriver.StopLogging " + fifo), plugin.calls);
        assertFalse(Files.exists(fifo), "the FIFO is removed after StopLogging");
    }

    @Test
    void aManagedPluginsFifoIsMadeInItsRootAndNamedAsItSeesIt() throws Exception {
        FakePlugin plugin = new FakePlugin();
        plugin.root = dir.resolve("rootfs");
        PluginLogDriver driver = new PluginLogDriver(plugin, new Fifos(dir.resolve("fifos")));
        LogEntrySink sink = driver.open(INFO);
        String file = plugin.started.get(5, TimeUnit.SECONDS).path("File").asText();
        assertTrue(file.startsWith("/run/docker/logging/"), file);
        Path fifo = Path.of(plugin.hostPath(file));
        assertTrue(Files.exists(fifo), "made inside the plugin's root");
        sink.write(new LogEntry("stdout", 5, "one".getBytes(StandardCharsets.UTF_8), false));
        sink.close();
        assertEquals(1, plugin.frames.get(5, TimeUnit.SECONDS).size());
        assertEquals(List.of("LogDriver.StartLogging " + file, "LogDriver.StopLogging " + file), plugin.calls);
        assertFalse(Files.exists(fifo));
    }

    @Test
    void aRefusedStartIsTheStartsErrorAndLeavesNoFifo() throws Exception {
        FakePlugin plugin = new FakePlugin();
        plugin.refusal = "no such option: opt";
        PluginLogDriver driver = new PluginLogDriver(plugin, new Fifos(dir.resolve("fifos")));
        IOException e = assertThrows(IOException.class, () -> driver.open(INFO));
        assertEquals("error creating logger: LogDriver.StartLogging: no such option: opt", e.getMessage());
        try (var left = Files.list(dir.resolve("fifos"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aPluginThatNeverReadsFailsTheStartAfterTheTimeoutAndIsToldToStop() throws Exception {
        FakePlugin plugin = new FakePlugin();
        plugin.readsFifo = false;
        PluginLogDriver driver = new PluginLogDriver(plugin, new Fifos(dir.resolve("fifos"), 300));
        IOException e = assertThrows(IOException.class, () -> driver.open(INFO));
        assertTrue(e.getMessage().startsWith("error creating logger: the plugin did not open "), e.getMessage());
        assertEquals(2, plugin.calls.size());
        assertTrue(plugin.calls.get(1).startsWith("LogDriver.StopLogging "));
    }
}
