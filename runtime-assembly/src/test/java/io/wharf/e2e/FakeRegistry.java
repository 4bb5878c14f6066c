package io.wharf.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A registry that lies: plain HTTP on 127.0.0.1 serving hand-made manifests and blobs, some of which are not what
 * their descriptors say. Counts the blob bytes it sent, so a test can tell how far a client read. A minimal
 * HTTP/1.0-style server (one request per connection) rather than the JDK's, because it must turn away the TLS
 * handshake a daemon tries first at once; the JDK's server waits for a request line that never comes.
 */
final class FakeRegistry implements AutoCloseable {
    static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
    private static final int TLS_HANDSHAKE = 0x16;
    private final ServerSocket server;
    private final Map<String, Supplier<InputStream>> blobs = new ConcurrentHashMap<>();
    private final Map<String, String> manifests = new ConcurrentHashMap<>();
    final AtomicLong blobBytesSent = new AtomicLong();

    FakeRegistry() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-registry");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "fake-registry-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** host:port, as an image reference starts. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code content} under {@code digest} (which need not be its digest). */
    void blob(String digest, Supplier<InputStream> content) {
        blobs.put(digest, content);
    }

    /** A manifest of one config and one layer with the descriptor sizes given; returns it. */
    String manifest(String repository, String tag, String configDigest, long configSize, String layerDigest,
                    long layerSize) {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + configSize + "},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layerSize + "}]}";
        manifests.put("/v2/" + repository + "/manifests/" + tag, manifest);
        return manifest;
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            in.mark(1);
            if (in.read() == TLS_HANDSHAKE) {
                return; // https attempted first: refuse, the client falls back to http
            }
            in.reset();
            String requestLine = line(in);
            while (!line(in).isEmpty()) {
                // headers: not needed
            }
            String[] parts = requestLine.split(" ");
            String path = java.net.URI.create(parts.length > 1 ? parts[1] : "/").getPath();
            if (path.equals("/v2/")) {
                send(out, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), "");
                return;
            }
            String manifest = manifests.get(path);
            if (manifest != null) {
                byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
                send(out, 200, MANIFEST_TYPE, bytes, "Docker-Content-Digest: " + sha256(bytes) + "\r\n");
                return;
            }
            int blobAt = path.indexOf("/blobs/");
            Supplier<InputStream> blob = blobAt < 0 ? null : blobs.get(path.substring(blobAt + "/blobs/".length()));
            if (blob == null) {
                send(out, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"unknown\"}]}"
                        .getBytes(StandardCharsets.UTF_8), "");
                return;
            }
            // no length: the body is whatever the stream gives, until the connection closes
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try (InputStream content = blob.get()) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = content.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    blobBytesSent.addAndGet(n);
                }
            }
        } catch (IOException clientWentAway) {
            // the client stopped reading: what the endless blobs are for
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static void send(OutputStream out, int status, String type, byte[] body, String extraHeaders)
            throws IOException {
        out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    /** Endless zero bytes. */
    static InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
