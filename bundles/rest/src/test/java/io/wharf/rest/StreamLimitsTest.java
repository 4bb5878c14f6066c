package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.rest.HijackedEndpoint;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Streams run beside the request threads, up to a limit that is refused in Docker's shape, and end with their client. */
@Timeout(60)
class StreamLimitsTest {
    private static final int LIMIT = 3;
    @TempDir
    java.nio.file.Path dir;
    private java.nio.file.Path socket;
    private ApiServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch idleStreamEnded = new CountDownLatch(1);
    private final List<SocketChannel> clients = new ArrayList<>();

    /** A stream that sends its headers and then nothing, like logs -f of a silent container. */
    @Path("/idle")
    public static class IdleResource {
        private final CountDownLatch release;
        private final CountDownLatch ended;

        IdleResource(CountDownLatch release, CountDownLatch ended) {
            this.release = release;
            this.ended = ended;
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public StreamingOutput idle() {
            return out -> {
                out.write('\n');
                out.flush();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    ended.countDown();
                }
            };
        }
    }

    /**
     * Answers once told that its client hung up, so that the write fails before anything noticed the client was
     * gone: Jersey then returns without completing the answer (a wait whose container exited as its client left).
     */
    @Path("/late")
    public static class LateAnswerResource {
        private final CountDownLatch clientLeft;

        LateAnswerResource(CountDownLatch clientLeft) {
            this.clientLeft = clientLeft;
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public StreamingOutput late() {
            return out -> {
                out.write('\n');
                out.flush();
                try {
                    clientLeft.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) { // fails at once on a unix socket whose peer closed
                    out.write(chunk);
                    out.flush();
                }
            };
        }
    }

    private final CountDownLatch lateClientLeft = new CountDownLatch(1);

    /** Holds the hijacked connection until released, writing nothing. */
    private final HijackedEndpoint hold = request -> stream -> release.await();

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("api.sock");
        System.setProperty(StreamWorkers.LIMIT_PROPERTY, Integer.toString(LIMIT));
        try {
            server = startServer();
        } finally {
            System.clearProperty(StreamWorkers.LIMIT_PROPERTY);
        }
    }

    private ApiServer startServer() throws Exception {
        ApiServer s = new ApiServer(List.of("unix://" + socket), null, "Wharf/test",
                List.of(new IdleResource(release, idleStreamEnded), new LateAnswerResource(lateClientLeft)));
        s.addHijackedEndpoint("/containers/[^/]+/attach", hold);
        s.start();
        s.startupComplete();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        for (SocketChannel ch : clients) {
            ch.close();
        }
        server.close();
    }

    @Test
    void streamsPastTheLimitAreRefusedWithADockerErrorWhilePingStillAnswers() throws Exception {
        for (int i = 0; i < LIMIT; i++) {
            String head = open("POST /containers/c" + i + "/attach?stream=1 HTTP/1.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Length: 0\r\n");
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
        }
        String attach = request("POST /containers/one-more/attach?stream=1", "Content-Length: 0\r\n");
        assertTrue(attach.startsWith("HTTP/1.1 503"), attach);
        assertTrue(attach.endsWith("{\"message\":\"too many concurrent API requests and streams (the limit is 3): "
                + "close some attach, logs, events or stats streams and try again\"}"), attach);
        String events = request("GET /idle", "");
        assertTrue(events.startsWith("HTTP/1.1 503"), events);
        assertTrue(events.contains("\"message\":\"too many concurrent API requests and streams"), events);
        String ping = request("GET /_ping", "");
        assertTrue(ping.startsWith("HTTP/1.1 200") && ping.endsWith("OK"), ping);

        release.countDown(); // the sessions end and give their places back
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String again;
        do {
            Thread.sleep(50);
            again = request("POST /containers/one-more/attach?stream=1", "Content-Length: 0\r\n");
        } while (again.startsWith("HTTP/1.1 503") && System.nanoTime() < deadline);
        assertTrue(again.startsWith("HTTP/1.1 200"), again);
    }

    @Test
    void hundredsOfHijackedSessionsDoNotTakeTheRequestThreads() throws Exception {
        server.close();
        server = startServer(); // with the default limit
        for (int i = 0; i < 300; i++) {
            String head = open("POST /containers/c" + i + "/attach?stream=1 HTTP/1.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Length: 0\r\n");
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(open("GET /idle HTTP/1.1\r\n").startsWith("HTTP/1.1 200"));
        }
        String ping = request("GET /_ping", "");
        assertTrue(ping.startsWith("HTTP/1.1 200") && ping.endsWith("OK"), ping);
    }

    @Test
    void aStreamWhoseClientHangsUpIsInterruptedThoughItWritesNothing() throws Exception {
        String head = open("GET /idle HTTP/1.1\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        clients.remove(clients.size() - 1).close();
        assertTrue(idleStreamEnded.await(ClientWatch.PROBE_MILLIS * 5, TimeUnit.MILLISECONDS),
                "the idle stream was not told that its client left");
    }

    @Test
    void theConnectionOfAnAnswerWhoseWriteFailedIsClosed() throws Exception {
        assertTrue(open("GET /late HTTP/1.1\r\n").startsWith("HTTP/1.1 200"));
        assertEquals(1, server.openConnections());
        clients.remove(clients.size() - 1).close();
        lateClientLeft.countDown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ClientWatch.PROBE_MILLIS * 5);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.openConnections(), "the server kept the connection of a client that left");
    }

    @Test
    void aStreamWhoseClientStaysIsLeftAlone() throws Exception {
        assertTrue(open("GET /idle HTTP/1.1\r\n").startsWith("HTTP/1.1 200"));
        assertEquals(false, idleStreamEnded.await(ClientWatch.PROBE_MILLIS * 3, TimeUnit.MILLISECONDS));
    }

    /** Sends the request head and reads the response head, leaving the connection open. */
    private String open(String head) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        clients.add(ch);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap((head + "Host: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        return ApiServerTest.readHeaders(Channels.newInputStream(ch));
    }

    /** One request with Connection: close; the response head and body. */
    private String request(String requestLine, String headers) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String head = requestLine + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n" + headers + "\r\n";
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(ch);
            String status = ApiServerTest.readHeaders(in).strip();
            return status + "\n\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
