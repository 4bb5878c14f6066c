package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.HijackedEndpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Hijacked endpoints whose path ends in /ws, driven by the JDK's WebSocket client over loopback TCP. */
class WebSocketHijackTest {
    private ApiServer server;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Answers "hello", then echoes each message upper-cased until the client closes. */
    private static final HijackedEndpoint SHOUT = request -> {
        if (request.path().contains("/missing/")) {
            throw EngineException.notFound("No such container: missing");
        }
        return stream -> {
            stream.output().write(("hello " + request.queryParam("stdin")).getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[1024];
            for (int n; (n = stream.input().read(buffer)) > 0; ) {
                stream.output().write(new String(buffer, 0, n, StandardCharsets.UTF_8).toUpperCase()
                        .getBytes(StandardCharsets.UTF_8));
                if (new String(buffer, 0, n, StandardCharsets.UTF_8).equals("bye")) {
                    return; // the session ends: the server closes the WebSocket
                }
            }
        };
    };

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = new ApiServer(List.of("tcp://127.0.0.1:" + port), null, "Wharf/test", List.of());
        server.addHijackedEndpoint("/containers/[^/]+/attach(/ws)?", SHOUT);
        server.start();
        server.startupComplete();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Collects what the server sends: each message's type and text, and the close. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            events.add("text:" + data);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            events.add("binary:" + new String(bytes, StandardCharsets.UTF_8));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode);
            return null;
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            return e == null ? "nothing within 10 s" : e;
        }
    }

    private WebSocket open(String path, Recorder recorder) {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + path), recorder).join();
    }

    @Test
    void messagesGoBothWaysInBinaryFramesAndTheSessionsEndClosesNormally() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket ws = open("/v1.50/containers/c1/attach/ws?stdin=1", recorder);
        assertEquals("binary:hello 1", recorder.next());
        ws.sendText("ping", true).join();
        assertEquals("binary:PING", recorder.next());
        ws.sendBinary(ByteBuffer.wrap("bye".getBytes(StandardCharsets.UTF_8)), true).join();
        assertEquals("binary:BYE", recorder.next());
        assertEquals("close:1000", recorder.next());
    }

    @Test
    void apiVersionsBefore128GetTextFramesAndAClientCloseEndsTheSession() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket ws = open("/v1.27/containers/c1/attach/ws", recorder);
        assertEquals("text:hello null", recorder.next());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        assertEquals("close:1000", recorder.next());
    }

    @Test
    void refusalsBeforeTheUpgradeAreDockerErrors() {
        assertHandshakeStatus(404, () -> open("/containers/missing/attach/ws", new Recorder()));
    }

    @Test
    void aPlainGetOrAPostOnTheWebSocketPathIsNoUpgrade() throws Exception {
        HttpResponse<String> get = http.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/containers/c1/attach/ws")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, get.statusCode());
        assertTrue(get.body().contains("\"message\""), get.body());
        HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/containers/c1/attach/ws"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, post.statusCode(), post.body());
    }

    private static void assertHandshakeStatus(int status, Executable open) {
        try {
            open.execute();
        } catch (CompletionException e) {
            assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
            assertEquals(status, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
            return;
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t, t);
        }
        throw new AssertionError("the handshake succeeded");
    }

}
