package io.wharf.registry.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a registry that can break blob downloads: drop the connection after half of a
 * blob's bytes ({@link Fault#DROP}, a given number of times), or flip a byte of it ({@link Fault#CORRUPT}).
 * Everything else, Range headers included, is passed through unchanged.
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault { NONE, DROP, CORRUPT }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding",
            "host", "keep-alive", "upgrade", "date");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String target;
    private volatile Fault fault = Fault.NONE;
    private final AtomicInteger faultsLeft = new AtomicInteger();
    public final List<String> rangeRequests = new CopyOnWriteArrayList<>();

    public FaultProxy(String targetHostPort) throws IOException {
        this.target = "http://" + targetHostPort;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Applies the fault to the next {@code times} blob GETs. */
    public void inject(Fault f, int times) {
        fault = f;
        faultsLeft.set(times);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                rangeRequests.add(range);
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
            });
            byte[] content = r.body().readAllBytes();
            boolean blobGet = ex.getRequestMethod().equals("GET") && ex.getRequestURI().getPath().contains("/blobs/")
                    && r.statusCode() / 100 == 2 && content.length > 1024;
            Fault f = blobGet && faultsLeft.getAndDecrement() > 0 ? fault : Fault.NONE;
            boolean head = ex.getRequestMethod().equals("HEAD");
            long declared = head ? -1 : content.length == 0 ? -1 : content.length;
            if (head) {
                r.headers().firstValue("Content-Length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
            }
            ex.sendResponseHeaders(r.statusCode(), declared);
            OutputStream out = ex.getResponseBody();
            if (f == Fault.DROP) {
                out.write(content, 0, content.length / 2);
                out.flush();
                // abandoning the half-sent body closes the socket: the client sees the connection drop
                throw new IOException("dropping the connection on purpose");
            }
            if (f == Fault.CORRUPT) {
                content[content.length / 2] ^= 0x5a;
            }
            if (!head) {
                out.write(content);
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
