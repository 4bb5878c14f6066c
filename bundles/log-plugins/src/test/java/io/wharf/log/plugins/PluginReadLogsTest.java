package io.wharf.log.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.log.LogInfo;
import io.wharf.api.log.LogReadRequest;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LogDriver.Capabilities and LogDriver.ReadLogs, as moby's plugin adapter makes them. */
class PluginReadLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LogInfo INFO = new LogInfo("c0ffee", "/web", "/bin/sh", List.of(), "sha256:abc",
            "busybox", "2026-12-05T10:00:00Z", List.of(), Map.of(), "/x/ctr.log", "docker", Map.of());

    @TempDir
    Path dir;

    private static final class ReadingPlugin implements LegacyPlugin {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<JsonNode> reads = new CopyOnWriteArrayList<>();
        String capabilities = "{\"Cap\":{\"ReadLogs\":true}}";
        boolean refuseRead;

        @Override
        public String name() {
            return "reader";
        }

        @Override
        public List<String> implementedTypes() {
            return List.of("LogDriver");
        }

        @Override
        public byte[] call(String method, byte[] request) throws IOException {
            calls.add(method);
            if (method.equals("LogDriver.Capabilities")) {
                if (capabilities == null) {
                    throw new PluginCallException(method, 404, "404 page not found");
                }
                return capabilities.getBytes(StandardCharsets.UTF_8);
            }
            return "{}".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public InputStream stream(String method, byte[] request) throws IOException {
            calls.add(method);
            reads.add(JSON.readTree(request));
            if (refuseRead) {
                throw new PluginCallException(method, 500, "no logs for c0ffee");
            }
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(LogEntryEncoder.frame(new LogEntry("stdout", 5, "one\n".getBytes(), false)));
            frames.writeBytes(LogEntryEncoder.frame(new LogEntry("stderr", 6, "two\n".getBytes(), false)));
            return new ByteArrayInputStream(frames.toByteArray());
        }
    }

    @Test
    void aCapablePluginIsAskedOnceAndReadsWithMobysReadConfig() throws IOException {
        ReadingPlugin plugin = new ReadingPlugin();
        PluginLogDriver driver = new PluginLogDriver(plugin, new Fifos(dir));

        assertTrue(driver.readsLogs());
        assertTrue(driver.readsLogs());
        try (LogEntryReader reader = driver.read(INFO, new LogReadRequest(1_764_936_000_500_000_000L, 0, 2, true))) {
            assertEquals("stdout one\n", text(reader.next()));
            assertEquals("stderr two\n", text(reader.next()));
            assertNull(reader.next());
        }

        assertEquals(List.of("LogDriver.Capabilities", "LogDriver.ReadLogs"), plugin.calls);
        JsonNode read = plugin.reads.get(0);
        assertEquals("c0ffee", read.path("Info").path("ContainerID").asText());
        assertEquals("/web", read.path("Info").path("ContainerName").asText());
        JsonNode config = read.path("Config");
        assertEquals("2025-12-05T12:00:00.500Z", config.path("Since").asText());
        assertEquals("0001-01-01T00:00:00Z", config.path("Until").asText());
        assertEquals(2, config.path("Tail").asInt());
        assertTrue(config.path("Follow").asBoolean());
        assertEquals(-1, JSON.readTree(readConfigFor(new LogReadRequest(0, 0, -1, false))).path("Tail").asInt());
    }

    @Test
    void withoutTheCapabilityOrTheCallThePluginDoesNotRead() throws IOException {
        ReadingPlugin plain = new ReadingPlugin();
        plain.capabilities = "{\"Cap\":{\"ReadLogs\":false}}";
        assertFalse(new PluginLogDriver(plain, new Fifos(dir)).readsLogs());
        ReadingPlugin old = new ReadingPlugin();
        old.capabilities = null;
        PluginLogDriver driver = new PluginLogDriver(old, new Fifos(dir));
        assertFalse(driver.readsLogs());
        assertFalse(driver.readsLogs());
        assertEquals(List.of("LogDriver.Capabilities"), old.calls, "a failed Capabilities is not asked again");
    }

    @Test
    void aRefusedReadSaysWhy() {
        ReadingPlugin plugin = new ReadingPlugin();
        plugin.refuseRead = true;
        IOException e = assertThrows(IOException.class, () -> new PluginLogDriver(plugin, new Fifos(dir))
                .read(INFO, new LogReadRequest(0, 0, -1, false)));
        assertTrue(e.getMessage().startsWith("error getting log reader: ") && e.getMessage().contains("no logs for "
                + "c0ffee"), e.getMessage());
    }

    private String readConfigFor(LogReadRequest request) throws IOException {
        ReadingPlugin plugin = new ReadingPlugin();
        new PluginLogDriver(plugin, new Fifos(dir)).read(INFO, request).close();
        return plugin.reads.get(0).path("Config").toString();
    }

    private static String text(LogEntry e) {
        return e.source() + " " + new String(e.line(), StandardCharsets.UTF_8);
    }
}
