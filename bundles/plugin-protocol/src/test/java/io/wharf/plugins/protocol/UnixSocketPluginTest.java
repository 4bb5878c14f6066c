package io.wharf.plugins.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.LegacyPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common case: a plugin listening on {@code <sockets dir>/NAME/NAME.sock}. */
class UnixSocketPluginTest {
    @TempDir
    Path dir;

    @Test
    void handshakeOverAUnixSocket() throws Exception {
        Server server = serve(dir.resolve("run/sockvol/sockvol.sock"));
        try (PluginRegistry registry = new PluginRegistry(new PluginDiscovery(dir.resolve("run"), List.of()),
                new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))) {
            assertEquals(List.of("VolumeDriver", "authz"), registry.get("sockvol", "authz").implementedTypes());
        } finally {
            server.stop();
        }
    }

    @Test
    void aManagedPluginIsFoundByItsNameWithOrWithoutLatestUntilItGoes() throws Exception {
        Path socket = dir.resolve("managed/authz.sock");
        Server server = serve(socket);
        try (PluginRegistry registry = new PluginRegistry(new PluginDiscovery(dir.resolve("run"), List.of()),
                new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))) {
            LegacyPlugin registered = registry.register("acme/authz", socket, path -> path);
            assertSame(registered, registry.get("acme/authz:latest", "authz"), "as daemon.json may name it");
            assertSame(registered, registry.get("acme/authz", "authz"));
            List<String> gone = new ArrayList<>();
            registered.whenGone(() -> gone.add("gone"));

            registry.unregister("acme/authz");
            assertEquals(List.of("gone"), gone);
            assertThrows(EngineException.class, () -> registry.get("acme/authz:latest", "authz"));
        } finally {
            server.stop();
        }
    }

    private static Server serve(Path socket) throws Exception {
        Server server = new Server();
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
        java.nio.file.Files.createDirectories(socket.getParent());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String body = request.getHttpURI().getPath().equals("/Plugin.Activate")
                        ? "{\"Implements\":[\"VolumeDriver\",\"authz\"]}" : "{\"Err\":\"\"}";
                response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        return server;
    }
}
