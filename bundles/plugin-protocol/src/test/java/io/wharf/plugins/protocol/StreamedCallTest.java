package io.wharf.plugins.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed answer (LogDriver.ReadLogs) reaches the caller as the plugin sends it, not once it ends. */
class StreamedCallTest {
    @TempDir
    Path dir;

    @Test
    void theFirstPieceArrivesBeforeThePluginEndsItsAnswer() throws Exception {
        CountDownLatch secondPiece = new CountDownLatch(1);
        AtomicBoolean secondPieceLate = new AtomicBoolean();
        Server server = new Server();
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
        Files.createDirectories(dir.resolve("run"));
        connector.setUnixDomainPath(dir.resolve("run/streamer.sock"));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (path.equals("/Plugin.Activate")) {
                    response.write(true, bytes("{\"Implements\":[\"LogDriver\"]}"), callback);
                } else if (path.equals("/LogDriver.ReadLogs")) {
                    Callback.Completable first = new Callback.Completable();
                    response.write(false, bytes("first;"), first);
                    first.get(5, TimeUnit.SECONDS);
                    if (!secondPiece.await(10, TimeUnit.SECONDS)) { // the caller has read the first piece
                        secondPieceLate.set(true);
                    }
                    response.write(true, bytes("second"), callback);
                } else {
                    response.setStatus(500);
                    response.write(true, bytes("{\"Err\":\"no such container\"}"), callback);
                }
                return true;
            }
        });
        server.start();
        try (PluginRegistry registry = new PluginRegistry(new PluginDiscovery(dir.resolve("run"), List.of()),
                new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))) {
            LegacyPlugin plugin = registry.get("streamer", "LogDriver");
            try (InputStream in = plugin.stream("LogDriver.ReadLogs", "{}".getBytes(StandardCharsets.UTF_8))) {
                byte[] first = new byte[6];
                new DataInputStream(in).readFully(first); // as the log entry decoder reads
                assertEquals("first;", new String(first, StandardCharsets.UTF_8));
                secondPiece.countDown();
                assertEquals("second", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(false, secondPieceLate.get(), "the first piece came only with the end of the answer");
            PluginCallException refused = assertThrows(PluginCallException.class,
                    () -> plugin.stream("LogDriver.Other", new byte[0]));
            assertEquals(true, refused.getMessage().contains("no such container"), refused.getMessage());
        } finally {
            server.stop();
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
