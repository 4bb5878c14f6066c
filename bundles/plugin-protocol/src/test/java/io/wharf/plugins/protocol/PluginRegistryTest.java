package io.wharf.plugins.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake and calls against a plugin on loopback TCP (a .spec file), as a plugin author would serve it. */
class PluginRegistryTest {
    private static final RetryBackoff FAST = new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(300));
    @TempDir
    Path dir;
    private HttpServer server;
    private PluginRegistry registry;
    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private final AtomicInteger activations = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/Plugin.Activate", ex -> {
            activations.incrementAndGet();
            headers.put("Accept", String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
            headers.put("Method", ex.getRequestMethod());
            answer(ex, 200, "{\"Implements\": [\"VolumeDriver\"]}");
        });
        server.createContext("/VolumeDriver.Echo", ex -> answer(ex, 200,
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.createContext("/VolumeDriver.Fail", ex -> answer(ex, 500, "{\"Err\": \"disk on fire\"}"));
        server.createContext("/VolumeDriver.Text", ex -> answer(ex, 404, "404 page not found"));
        server.start();
        spec("vol", "tcp://127.0.0.1:" + server.getAddress().getPort());
        registry = new PluginRegistry(new PluginDiscovery(dir.resolve("run"), List.of(dir.resolve("etc"))), FAST);
    }

    private void spec(String name, String url) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/" + name + ".spec"), url);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.docker.plugins.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @AfterEach
    void stop() {
        registry.close();
        server.stop(0);
    }

    @Test
    void activatesOnFirstUseOnceWithDockersHeaders() throws IOException {
        LegacyPlugin plugin = registry.get("vol", "VolumeDriver");
        assertEquals(List.of("VolumeDriver"), plugin.implementedTypes());
        registry.get("vol", "VolumeDriver");
        assertEquals(1, activations.get());
        assertEquals("application/vnd.docker.plugins.v1.2+json", headers.get("Accept"));
        assertEquals("POST", headers.get("Method"));
        byte[] body = "{\"Name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, plugin.call("VolumeDriver.Echo", body));
    }

    @Test
    void aPluginOfAnotherTypeOrNoneIsNotFound() {
        EngineException other = assertThrows(EngineException.class, () -> registry.get("vol", "authz"));
        assertEquals(ErrorKind.NOT_FOUND, other.kind());
        EngineException none = assertThrows(EngineException.class, () -> registry.get("nothing", "VolumeDriver"));
        assertEquals("plugin \"nothing\" not found", none.getMessage());
    }

    @Test
    void errorsCarryThePluginsErrOrItsText() throws IOException {
        LegacyPlugin plugin = registry.get("vol", "VolumeDriver");
        PluginCallException err = assertThrows(PluginCallException.class, () -> plugin.call("VolumeDriver.Fail", null));
        assertEquals("VolumeDriver.Fail: disk on fire", err.getMessage());
        assertEquals("disk on fire", err.pluginMessage());
        PluginCallException text = assertThrows(PluginCallException.class, () -> plugin.call("VolumeDriver.Text", null));
        assertEquals(404, text.status());
        assertEquals("VolumeDriver.Text: 404 page not found", text.getMessage());
    }

    @Test
    void anUnreachablePluginIsRetriedWithinTheBoundThenFails() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        spec("gone", "tcp://127.0.0.1:" + closedPort);
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> registry.get("gone", "VolumeDriver"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().startsWith("Plugin.Activate: plugin gone cannot be reached"), e.getMessage());
        assertTrue(millis >= 20 + 40 && millis < 2000, "retried with growing sleeps within the bound: " + millis);
    }

    @Test
    void aFailedHandshakeIsTriedAgainOnTheNextUse() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        spec("late", "tcp://127.0.0.1:" + port);
        assertThrows(IOException.class, () -> registry.get("late", "VolumeDriver"));
        HttpServer late = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        late.createContext("/Plugin.Activate", ex -> answer(ex, 200, "{\"Implements\": [\"authz\"]}"));
        late.start();
        try {
            assertEquals(List.of("authz"), registry.get("late", "authz").implementedTypes());
        } finally {
            late.stop(0);
        }
    }

    @Test
    void getAllActivatesEveryPluginFoundAndSkipsTheFailingOnes() throws IOException {
        spec("broken", "tcp://127.0.0.1:1");
        List<LegacyPlugin> all = registry.getAll("VolumeDriver");
        assertEquals(List.of("vol"), all.stream().map(LegacyPlugin::name).toList());
    }
}
