package io.wharf.plugins.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
        Server server = new Server();
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
        java.nio.file.Files.createDirectories(dir.resolve("run/sockvol"));
        connector.setUnixDomainPath(dir.resolve("run/sockvol/sockvol.sock"));
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
        try (PluginRegistry registry = new PluginRegistry(new PluginDiscovery(dir.resolve("run"), List.of()),
                new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))) {
            assertEquals(List.of("VolumeDriver", "authz"), registry.get("sockvol", "authz").implementedTypes());
        } finally {
            server.stop();
        }
    }
}
