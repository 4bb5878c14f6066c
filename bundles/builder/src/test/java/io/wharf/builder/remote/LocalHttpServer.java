package io.wharf.builder.remote;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A file server on 127.0.0.1 for the tests: fixed bodies by path, with optional headers. */
public final class LocalHttpServer implements AutoCloseable {
    /** @param chunked sent without a Content-Length */
    public record Reply(int status, byte[] body, Map<String, String> headers, boolean chunked) {
        public Reply(int status, byte[] body, Map<String, String> headers) {
            this(status, body, headers, false);
        }

        public static Reply ok(String body, Map<String, String> headers) {
            return new Reply(200, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        public static Reply chunked(byte[] body) {
            return new Reply(200, body, Map.of(), true);
        }
    }

    private final HttpServer server;

    public LocalHttpServer(Map<String, Reply> replies) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Reply reply = replies.getOrDefault(exchange.getRequestURI().getPath(),
                    new Reply(404, "no such file".getBytes(StandardCharsets.UTF_8), Map.of()));
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.chunked() ? 0 : reply.body().length);
            try (var out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
