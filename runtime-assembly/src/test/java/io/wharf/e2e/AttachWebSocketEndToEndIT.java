package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /containers/{id}/attach/ws as web UIs such as Portainer use it, with the JDK's WebSocket client over the
 * daemon's loopback TCP listener: input reaches the container, output arrives raw (never multiplexed), a close
 * ends the session cleanly and leaves the container running, and sessions leave no threads or descriptors behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachWebSocketEndToEndIT {
    @TempDir
    static Path work;
    private Wharfd wharfd;
    private Docker docker;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        wharfd = new Wharfd("attach-ws", "-H", "tcp://127.0.0.1:" + port).start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        // echoes each line to stdout and to stderr
        docker.run("run", "-d", "-i", "--name", "echo", "--network", "none", "busybox", "sh", "-c",
                "while read l; do echo \"out $l\"; echo \"err $l\" >&2; done").ok();
    }

    @AfterAll
    void stop() throws Exception {
        if (wharfd != null) {
            docker.run("rm", "-f", "echo");
            wharfd.close();
        }
    }

    /** What the daemon sends, in order: each message's kind and bytes, then the close. */
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
            events.add("binary:" + new String(bytes, StandardCharsets.ISO_8859_1));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode);
            return null;
        }

        /** Messages until {@code count} output lines have arrived (a message may hold several). */
        String output(int lines) throws InterruptedException {
            StringBuilder out = new StringBuilder();
            while (out.chars().filter(c -> c == '\n').count() < lines) {
                String e = events.poll(10, TimeUnit.SECONDS);
                if (e == null || e.startsWith("close:")) {
                    throw new AssertionError("got " + out + " then " + e);
                }
                assertTrue(e.startsWith("binary:"), "API 1.50 sends binary messages: " + e);
                out.append(e.substring("binary:".length()));
            }
            return out.toString();
        }

        /** Every message's bytes, then the close event. */
        String untilClose() throws InterruptedException {
            StringBuilder all = new StringBuilder();
            for (String e; (e = events.poll(10, TimeUnit.SECONDS)) != null; ) {
                all.append(e.startsWith("binary:") ? e.substring("binary:".length()) : e);
                if (e.startsWith("close:")) {
                    break;
                }
            }
            return all.toString();
        }

        String close() throws InterruptedException {
            for (String e; (e = events.poll(10, TimeUnit.SECONDS)) != null; ) {
                if (e.startsWith("close:")) {
                    return e;
                }
            }
            return "no close within 10 s";
        }
    }

    private WebSocket open(String query, Recorder recorder) {
        return http.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/v1.50/containers/echo/attach/ws?" + query), recorder).join();
    }

    /** Opens a session, types a line and checks that the container's stdout echoes it. */
    private WebSocket echoed(String query, Recorder recorder, String line) throws InterruptedException {
        WebSocket ws = open(query, recorder);
        ws.sendText(line + "\n", true).join();
        assertEquals("out " + line + "\n", recorder.output(1));
        return ws;
    }

    @Test
    void inputReachesTheContainerAndBothStreamsArriveRaw() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket ws = open("stream=1&stdin=1&stdout=1&stderr=1", recorder);
        ws.sendText("hello\n", true).join();
        String output = recorder.output(2);
        // raw: no 8-byte stream headers, as dockerd never multiplexes a WebSocket
        assertTrue(output.contains("out hello\n") && output.contains("err hello\n"), output);
        assertEquals(-1, output.indexOf('\u0001'), output);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        assertEquals("close:1000", recorder.close());
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "echo").ok().out().strip(),
                "closing the WebSocket detaches; the container keeps running");
    }

    @Test
    void stdoutOnlyAndTheLogReplay() throws Exception {
        Recorder live = new Recorder();
        WebSocket ws = echoed("stream=1&stdin=1&stdout=1", live, "only-out");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        live.close();

        Recorder replay = new Recorder();
        open("logs=1&stdout=1&stderr=1", replay); // no stream: the log, then the daemon closes
        String log = replay.untilClose();
        assertTrue(log.contains("out only-out\n") && log.contains("err only-out\n") && log.endsWith("close:1000"),
                log);
    }

    @Test
    void detachKeysEndTheSessionAndLeaveTheContainerRunning() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket ws = echoed("stream=1&stdin=1&stdout=1&detachKeys=ctrl-x", recorder, "before");
        ws.sendBinary(ByteBuffer.wrap(new byte[]{0x18}), true).join();
        assertEquals("close:1000", recorder.close());
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "echo").ok().out().strip());
    }

    @Test
    void anUnknownContainerIsRefusedBeforeTheUpgrade() {
        Throwable refused = null;
        try {
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                    + "/containers/nope/attach/ws?stream=1"), new Recorder()).join();
        } catch (java.util.concurrent.CompletionException e) {
            refused = e.getCause();
        }
        assertTrue(refused instanceof java.net.http.WebSocketHandshakeException, String.valueOf(refused));
        assertEquals(404, ((java.net.http.WebSocketHandshakeException) refused).getResponse().statusCode());
    }

    @Test
    void sessionsLeaveNoThreadsNorDescriptorsBehind() throws Exception {
        cycle(3); // warm the pools
        int threads = count("task");
        int fds = count("fd");
        cycle(20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((count("task") > threads + 4 || count("fd") > fds + 4) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(count("task") <= threads + 4, "threads " + threads + " -> " + count("task"));
        assertTrue(count("fd") <= fds + 4, "descriptors " + fds + " -> " + count("fd"));
    }

    private void cycle(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            Recorder recorder = new Recorder();
            WebSocket ws = echoed("stream=1&stdin=1&stdout=1", recorder, "cycle " + i);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            assertEquals("close:1000", recorder.close());
        }
    }

    private int count(String what) throws IOException {
        try (var entries = Files.list(Path.of("/proc/" + wharfd.pid() + "/" + what))) {
            return (int) entries.count();
        }
    }

    @Test
    void aPlainRequestOnTheWebSocketPathIsAClientError() throws Exception {
        UnixHttp.Response r = wharfd.http().get("/v1.50/containers/echo/attach/ws?stream=1");
        assertEquals(400, r.status(), r.body());
        assertFalse(r.body().isEmpty());
    }
}
