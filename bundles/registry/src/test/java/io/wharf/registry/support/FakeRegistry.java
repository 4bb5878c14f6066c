package io.wharf.registry.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry in the JDK's HTTP server that keeps its blobs on another origin, as registries backed by object storage
 * do: it requires credentials (Basic, or Bearer tokens from its own token endpoint), answers upload POSTs with a
 * {@code Location} on the storage origin and blob GETs with a redirect there. The storage origin records every
 * {@code Authorization} header it is sent: a client must send it none.
 */
public final class FakeRegistry implements AutoCloseable {
    public enum Scheme { BASIC, BEARER }

    private final HttpServer registry;
    private final HttpServer storage;
    private final Scheme scheme;
    private final String user;
    private final String password;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Authorization headers the storage origin received (should stay empty). */
    public final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();
    /** Requests the storage origin served, as "METHOD path". */
    public final List<String> storageRequests = new CopyOnWriteArrayList<>();

    /**
     * @param storageHost the storage origin's address: another loopback address (127.0.0.2) or 127.0.0.1, which
     *                    is still another origin because its port differs
     */
    public FakeRegistry(Scheme scheme, String user, String password, String storageHost) throws IOException {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", this::registry);
        storage = HttpServer.create(new InetSocketAddress(storageHost, 0), 0);
        storage.createContext("/", this::storage);
        registry.start();
        storage.start();
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image names. */
    public String host() {
        return "127.0.0.1:" + registry.getAddress().getPort();
    }

    private String storageUrl() {
        return "http://" + storage.getAddress().getHostString() + ":" + storage.getAddress().getPort();
    }

    private void registry(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/token")) {
                token(ex);
                return;
            }
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", scheme == Scheme.BASIC ? "Basic realm=\"fake\""
                        : "Bearer realm=\"http://" + host() + "/token\",service=\"fake\"");
                reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            String method = ex.getRequestMethod();
            if (path.equals("/v2/")) {
                reply(ex, 200, "{}");
            } else if (path.matches("/v2/.+/blobs/uploads/") && method.equals("POST")) {
                ex.getResponseHeaders().set("Location", storageUrl() + "/upload/" + UUID.randomUUID());
                reply(ex, 202, "");
            } else if (path.matches("/v2/.+/blobs/sha256:[0-9a-f]{64}")) {
                String digest = path.substring(path.lastIndexOf('/') + 1);
                if (!blobs.containsKey(digest)) {
                    reply(ex, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}");
                } else if (method.equals("HEAD")) {
                    ex.getResponseHeaders().set("Content-Length", String.valueOf(blobs.get(digest).length));
                    ex.sendResponseHeaders(200, -1);
                } else {
                    ex.getResponseHeaders().set("Location", storageUrl() + "/blobs/" + digest);
                    reply(ex, 307, "");
                }
            } else if (path.matches("/v2/.+/manifests/[^/]+")) {
                manifest(ex, path, method);
            } else {
                reply(ex, 404, "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"" + method + " " + path + "\"}]}");
            }
        }
    }

    private void manifest(HttpExchange ex, String path, String method) throws IOException {
        String repo = path.substring(4, path.indexOf("/manifests/"));
        String reference = path.substring(path.lastIndexOf('/') + 1);
        if (method.equals("PUT")) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String digest = sha256(body);
            manifests.put(repo + "@" + reference, body);
            manifests.put(repo + "@" + digest, body);
            ex.getResponseHeaders().set("Docker-Content-Digest", digest);
            reply(ex, 201, "");
            return;
        }
        byte[] body = manifests.get(repo + "@" + reference);
        if (body == null) {
            reply(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json");
        ex.getResponseHeaders().set("Docker-Content-Digest", sha256(body));
        ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : body.length);
        if (!method.equals("HEAD")) {
            ex.getResponseBody().write(body);
        }
    }

    private boolean authorized(String authorization) {
        if (authorization == null) {
            return false;
        }
        if (scheme == Scheme.BASIC) {
            return authorization.equals(basic(user, password));
        }
        return authorization.startsWith("Bearer ") && tokens.containsKey(authorization.substring(7));
    }

    /** Issues a token to the right user and password only. */
    private void token(HttpExchange ex) throws IOException {
        if (!basic(user, password).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or password\"}]}");
            return;
        }
        String token = UUID.randomUUID().toString();
        tokens.put(token, user);
        reply(ex, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
    }

    private void storage(HttpExchange ex) throws IOException {
        try (ex) {
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                storageAuthorizations.add(authorization);
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            storageRequests.add(method + " " + path);
            if (path.startsWith("/upload/") && (method.equals("PUT") || method.equals("PATCH"))) {
                byte[] chunk = ex.getRequestBody().readAllBytes();
                byte[] sofar = uploads.merge(path, chunk, FakeRegistry::concat);
                if (method.equals("PATCH")) {
                    ex.getResponseHeaders().set("Location", storageUrl() + path);
                    reply(ex, 202, "");
                    return;
                }
                String digest = query(ex, "digest");
                if (!sha256(sofar).equals(digest)) {
                    reply(ex, 400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest mismatch\"}]}");
                    return;
                }
                uploads.remove(path);
                blobs.put(digest, sofar);
                reply(ex, 201, "");
            } else if (path.startsWith("/blobs/") && blobs.containsKey(path.substring(7))) {
                byte[] blob = blobs.get(path.substring(7));
                ex.sendResponseHeaders(200, blob.length);
                ex.getResponseBody().write(blob);
            } else {
                reply(ex, 404, "");
            }
        }
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        for (String p : q == null ? new String[0] : q.split("&")) {
            if (p.startsWith(name + "=")) {
                return URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = ex.getRequestMethod().equals("HEAD") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        registry.stop(0);
        storage.stop(0);
    }
}
