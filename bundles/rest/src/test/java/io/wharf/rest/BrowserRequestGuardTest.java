package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard in a real API server with a loopback TCP listener and a unix socket side by side. */
class BrowserRequestGuardTest {
    @TempDir
    java.nio.file.Path dir;
    private ApiServer server;
    private int port;
    private java.nio.file.Path socket;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        socket = dir.resolve("api.sock");
        server = new ApiServer(List.of("unix://" + socket, "tcp://127.0.0.1:" + port), null, "http://localhost:3000",
                null, "Wharf/test", List.of(new ApiServerTest.GreetResource()));
        server.start();
        server.startupComplete();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void browserRequestsAreRefusedOverTcp() throws Exception {
        String form = tcp("POST /v1.50/greet", "Host: 127.0.0.1:" + port,
                "Content-Type: application/x-www-form-urlencoded", "Name=x");
        assertTrue(form.startsWith("HTTP/1.1 400"), form);
        assertTrue(form.contains("{\"message\":\"unsupported Content-Type header"), form);

        String rebound = tcp("GET /greet/x", "Host: evil.example:" + port, null, null);
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("\"message\":\"refusing a request for host evil.example"), rebound);

        String crossSite = tcp("POST /greet", "Host: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example",
                "Content-Type: application/json", "{\"Name\":\"x\"}");
        assertTrue(crossSite.startsWith("HTTP/1.1 403"), crossSite);

        String ping = tcp("GET /_ping", "Host: evil.example", null, null);
        assertTrue(ping.startsWith("HTTP/1.1 403"), ping);
    }

    @Test
    void clientsAndAllowedOriginsAreServedOverTcp() throws Exception {
        String json = tcp("POST /greet", "Host: 127.0.0.1:" + port, "Content-Type: application/json",
                "{\"Name\":\"x\"}");
        assertTrue(json.startsWith("HTTP/1.1 200") && json.endsWith("{\"Hello\":\"x\"}"), json);
        assertTrue(tcp("GET /greet/y", "Host: localhost:" + port, null, null).startsWith("HTTP/1.1 200"));

        String allowed = tcp("GET /greet/y", "Host: localhost:" + port + "\r\nOrigin: http://localhost:3000",
                null, null);
        assertTrue(allowed.startsWith("HTTP/1.1 200"), allowed);
        assertTrue(allowed.contains("Access-Control-Allow-Origin: http://localhost:3000"), allowed);
        String preflight = tcp("OPTIONS /containers/create", "Host: localhost:" + port
                + "\r\nOrigin: http://localhost:3000\r\nAccess-Control-Request-Method: POST", null, null);
        assertTrue(preflight.startsWith("HTTP/1.1 200"), preflight);
        assertTrue(preflight.contains("Access-Control-Allow-Methods: HEAD, GET, POST, DELETE, PUT, OPTIONS"), preflight);
    }

    @Test
    void theUnixSocketIsOutOfAWebPagesReach() throws Exception {
        // the Go client sends Host: api.moby.localhost; anything goes there, as with dockerd
        String other = unix("GET /greet/y", "Host: evil.example\r\nOrigin: http://evil.example", null, null);
        assertTrue(other.startsWith("HTTP/1.1 200"), other);
    }

    private String tcp(String requestLine, String headers, String contentType, String body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            return exchange(s.getInputStream(), s.getOutputStream(), requestLine, headers, contentType, body);
        }
    }

    private String unix(String requestLine, String headers, String contentType, String body) throws IOException {
        SocketAddress address = UnixDomainSocketAddress.of(socket);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(address);
            return exchange(Channels.newInputStream(ch), Channels.newOutputStream(ch), requestLine, headers,
                    contentType, body);
        }
    }

    private static String exchange(InputStream in, OutputStream out, String requestLine, String headers,
                                   String contentType, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\n" + headers + "\r\nConnection: close\r\n"
                + (contentType == null ? "" : contentType + "\r\n")
                + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return answer.strip();
    }
}
