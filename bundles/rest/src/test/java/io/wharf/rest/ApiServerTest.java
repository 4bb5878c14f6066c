package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RestResources;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
    @TempDir
    java.nio.file.Path dir;
    private java.nio.file.Path socket;
    private ApiServer server;

    public record Greeting(@JsonProperty("Name") String name) {
    }

    @Path("/greet")
    public static class GreetResource {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> greet(Greeting g) {
            return Map.of("Hello", g.name());
        }

        @GET
        @Path("{name}")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> get(@PathParam("name") String name,
                                       @HeaderParam(RestResources.API_VERSION_HEADER) String version) {
            if (name.equals("missing")) {
                throw EngineException.notFound("No such thing: %s", name);
            }
            return Map.of("Hello", name, "Version", version);
        }
    }

    /** Shaped like the image endpoints: a name that may hold slashes, then a verb. */
    @Path("/names")
    public static class ImageNameResource {
        @GET
        @Path("{name:.+}/json")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> inspect(@PathParam("name") String name,
                                           @jakarta.ws.rs.QueryParam("filters") String filters) {
            return filters == null ? Map.of("Name", name) : Map.of("Name", name, "Filters", filters);
        }
    }

    /** Reads bodies whole, as the create endpoints do, and one streamed upload path. */
    @Path("/")
    public static class CountResource {
        @POST
        @Path("count")
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Integer> count(InputStream body) throws IOException {
            return Map.of("Bytes", body.readAllBytes().length);
        }

        @POST
        @Path("images/load")
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> load(InputStream body) throws IOException {
            return Map.of("Bytes", body.transferTo(java.io.OutputStream.nullOutputStream()));
        }
    }

    /** Echoes every byte back, then half-closes when the client does. */
    static final HijackedEndpoint ECHO = request -> {
        if (request.path().contains("/missing/")) {
            throw EngineException.notFound("No such container: missing");
        }
        if (request.path().contains("/detached/")) {
            return null;
        }
        return stream -> {
            stream.output().write(("query=" + request.queryParam("stream") + "\n").getBytes(StandardCharsets.UTF_8));
            stream.input().transferTo(stream.output());
            stream.shutdownOutput();
        };
    };

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("api.sock");
        server = new ApiServer(List.of("unix://" + socket), null, "Wharf/test", List.of(new GreetResource(),
                new CountResource(), new ImageNameResource()));
        server.addHijackedEndpoint("/containers/[^/]+/attach", ECHO);
        server.start();
        server.startupComplete();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void resourcesRegisteredWhileStartingAreBuiltOnceWhenStartupCompletes() throws Exception {
        server.close();
        server = new ApiServer(List.of("unix://" + socket), null, "Wharf/test", List.of(new GreetResource()));
        server.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (server.builds() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the background bootstrap build
        }
        CountResource count = new CountResource();
        server.addResource(count);
        server.addResource(new ImageNameResource());
        Thread.sleep(500); // several reload delays: a bundle starting must not cost a rebuild
        assertEquals(1, server.builds());
        server.startupComplete();
        assertTrue(request("POST /count", "abc").endsWith("{\"Bytes\":3}")); // waits until ready
        assertTrue(request("GET /names/a/json", null).endsWith("{\"Name\":\"a\"}"));
        assertEquals(2, server.builds());
        server.removeResource(count);
        deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String gone = request("POST /count", "abc");
        while (!gone.startsWith("HTTP/1.1 404") && System.nanoTime() < deadline) {
            Thread.sleep(10); // once ready, a change is served after the reload delay
            gone = request("POST /count", "abc");
        }
        assertTrue(gone.startsWith("HTTP/1.1 404"), gone);
        assertEquals(3, server.builds());
    }

    @Test
    void answeredRequestsAreReportedWithTheirRouteTemplateAndStatus() throws Exception {
        List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.wharf.api.metrics.EngineMetrics metrics = new io.wharf.api.metrics.EngineMetrics() {
            @Override
            public void apiRequest(String method, String route, int status, long durationNanos) {
                assertTrue(durationNanos > 0);
                reported.add(method + " " + route + " " + status);
            }

            @Override
            public void imageTransfer(Transfer transfer, boolean succeeded, long bytes) {
            }

            @Override
            public void healthCheck(boolean passed) {
            }
        };
        request("GET /greet/before", null); // served before any metrics service: not reported, not timed
        server.bindMetrics(metrics);
        request("GET /v1.44/names/localhost%2Fapp:1/json", null);
        request("GET /greet/missing", null);
        request("GET /nowhere", null);
        request("GET /_ping", null);
        assertEquals(List.of("GET /names/{name}/json 200", "GET /greet/{name} 404", "GET unmatched 404",
                "GET /_ping 200"), reported);
        server.unbindMetrics(metrics);
        request("GET /greet/after", null); // waits for the application without the timing filter
        assertEquals(4, reported.size());
    }

    @Test
    void jerseyRunsNoTimingFilterWithoutMetrics() {
        JerseyApplication jersey = new JerseyApplication(new RequestMetrics());
        assertFalse(jersey.config(List.of(), false).getInstances().stream().anyMatch(RouteTimingFilter.class::isInstance));
        assertTrue(jersey.config(List.of(), true).getInstances().stream().anyMatch(RouteTimingFilter.class::isInstance));
    }

    @Test
    void socketIsCreatedWithMode0660AndRemovedOnClose() throws Exception {
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket)));
        server.close();
        assertTrue(Files.notExists(socket));
    }

    @Test
    void servesJsonOnVersionedAndUnversionedPaths() throws Exception {
        String body = "{\"Name\":\"wharf\"}";
        assertTrue(request("POST /v1.44/greet", body).endsWith("{\"Hello\":\"wharf\"}"));
        assertTrue(request("POST /greet", body).endsWith("{\"Hello\":\"wharf\"}"));
        String versioned = request("GET /v1.30/greet/x", null);
        assertTrue(versioned.contains("\"Version\":\"1.30\""), versioned);
        assertTrue(request("GET /greet/x", null).contains("\"Version\":\"1.50\""));
    }

    @Test
    void jsonAnswersAreSentWholeWithTheirLength() throws Exception {
        String name = "x".repeat(20_000); // beyond Jackson's 8 KiB buffer
        String answer = request("POST /greet", "{\"Name\":\"" + name + "\"}");
        String head = answer.substring(0, answer.indexOf("\n\n")).toLowerCase();
        assertFalse(head.contains("transfer-encoding"), head);
        assertTrue(head.contains("content-length: " + ("{\"Hello\":\"" + name + "\"}").length()), head);
    }

    @Test
    void namesWithSlashesArriveEncodedOrNotAsDockerClientsSendThem() throws Exception {
        // docker-java (Testcontainers) encodes the slash, the Go client does not, some encode the colon
        for (String path : List.of("localhost%2Ftc-busybox:latest", "localhost/tc-busybox:latest",
                "localhost/tc-busybox%3Alatest", "localhost%2ftc-busybox%3alatest")) {
            String answer = request("GET /v1.44/names/" + path + "/json", null);
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("{\"Name\":\"localhost/tc-busybox:latest\"}"),
                    path + ": " + answer);
        }
        String deep = request("GET /names/127.0.0.1:5000%2Fteam%2Fapp:1/json", null);
        assertTrue(deep.endsWith("{\"Name\":\"127.0.0.1:5000/team/app:1\"}"), deep);
    }

    @Test
    void otherRequestShapesOfRealClientsAreServed() throws Exception {
        // '+' and %20 in a query string are spaces, as Go's url.ParseQuery reads them
        String query = request("GET /names/a/json?filters=%7B%22label%22%3A%5B%22a+b%22%5D%7D", null);
        assertTrue(query.endsWith("\"Filters\":\"{\\\"label\\\":[\\\"a b\\\"]}\"}")
                || query.contains("\"Filters\":\"{\\\"label\\\":[\\\"a b\\\"]}\""), query);
        // HTTP/1.0 needs no Host (HTTP/1.1 does, and Go refuses it without one too)
        String old = raw("GET /v1.44/names/x%2Fy/json HTTP/1.0\r\n\r\n");
        assertTrue(old.startsWith("HTTP/1.") && old.contains(" 200 ") && old.contains("{\"Name\":\"x/y\"}"), old);
        // docker-java's archive uploads name their type by an enum constant
        String tar = raw("POST /count HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Length: 3\r\n"
                + "content-type: APPLICATION_X_TAR\r\n\r\ntar");
        assertTrue(tar.startsWith("HTTP/1.1 200") && tar.contains("{\"Bytes\":3}"), tar);
        // docker-java pulls with Accept: application/octet-stream; dockerd answers its JSON stream anyway
        String accept = raw("POST /count HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Length: 0\r\n"
                + "Accept: application/octet-stream\r\n\r\n");
        assertTrue(accept.startsWith("HTTP/1.1 200") && accept.contains("{\"Bytes\":0}"), accept);
        // Expect: 100-continue (docker-py and curl send it with larger bodies)
        String expect = raw("POST /count HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Length: 5\r\n"
                + "Expect: 100-continue\r\n\r\nhello");
        assertTrue(expect.contains("{\"Bytes\":5}"), expect);
    }

    /** Sends {@code bytes} as they are and returns everything the server answers until it closes. */
    private String raw(String bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.UTF_8)));
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void errorsAreDockerShaped() throws Exception {
        String malformed = request("POST /greet", "{\"Name\": ");
        assertTrue(malformed.startsWith("HTTP/1.1 400"), malformed);
        assertTrue(malformed.contains("{\"message\":"), malformed);
        String missing = request("GET /greet/missing", null);
        assertTrue(missing.startsWith("HTTP/1.1 404"), missing);
        assertTrue(missing.endsWith("{\"message\":\"No such thing: missing\"}"), missing);
        String tooOld = request("GET /v1.23/greet/x", null);
        assertTrue(tooOld.startsWith("HTTP/1.1 400"), tooOld);
        assertTrue(request("GET /nowhere", null).endsWith("{\"message\":\"page not found\"}"));
    }

    @Test
    void bodiesReadWholeAreBounded() throws Exception {
        int limit = (int) RequestBodyLimit.MAX_BODY;
        assertTrue(request("POST /count", "x".repeat(limit)).endsWith("{\"Bytes\":" + limit + "}"));
        String declared = requestHead("POST /v1.50/count",
                "Content-Length: " + (RequestBodyLimit.MAX_DISCARDED + 1) + "\r\n");
        assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
        assertTrue(declared.contains("{\"message\":\"the request body exceeds the limit of " + limit + " bytes\"}"),
                declared);
        // a client that writes its whole body before reading gets the answer too
        String written = request("POST /v1.50/count", "x".repeat(limit + 1));
        assertTrue(written.startsWith("HTTP/1.1 413"), written);
        String chunked = chunked("POST /count", 64 * 1024, limit / (64 * 1024) + 2);
        assertTrue(chunked.startsWith("HTTP/1.1 413"), chunked);
        assertTrue(chunked.contains("exceeds the limit"), chunked);
        String streamed = chunked("POST /v1.50/images/load", 64 * 1024, 2 * limit / (64 * 1024));
        assertTrue(streamed.endsWith("{\"Bytes\":" + 2 * limit + "}"), streamed);
    }

    /** Sends only the head of a request and returns the answer. */
    private String requestHead(String requestLine, String headers) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((requestLine + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n" + headers
                    + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A chunked body of {@code count} chunks of {@code size} bytes; the answer with its body de-chunked. */
    private String chunked(String requestLine, int size, int count) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((requestLine + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            byte[] chunk = ("x".repeat(size)).getBytes(StandardCharsets.US_ASCII);
            String chunkHead = Integer.toHexString(size) + "\r\n";
            try {
                for (int i = 0; i < count; i++) {
                    ch.write(ByteBuffer.wrap(chunkHead.getBytes(StandardCharsets.US_ASCII)));
                    ch.write(ByteBuffer.wrap(chunk));
                    ch.write(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII)));
                }
                ch.write(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException refusedMidway) {
                // the server answered and closed before the whole body was sent
            }
            InputStream in = Channels.newInputStream(ch);
            String headers = readHeaders(in).strip();
            byte[] rest = in.readAllBytes();
            String content = headers.toLowerCase().contains("transfer-encoding: chunked") ? dechunk(rest)
                    : new String(rest, StandardCharsets.UTF_8);
            return headers + "\n\n" + content.strip();
        }
    }

    /** Records what it is asked; denies requests and answers whose path or status says so. */
    static final class RecordingAuthorizer implements io.wharf.api.rest.RequestAuthorizer {
        final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public boolean active() {
            return true;
        }

        @Override
        public void authorizeRequest(io.wharf.api.rest.AuthorizationRequest r) {
            asked.add("req " + r.method() + " " + r.requestUri() + " body="
                    + (r.body() == null ? "none" : new String(r.body(), StandardCharsets.UTF_8))
                    + " type=" + r.headers().get("Content-Type"));
            if (r.requestUri().contains("forbidden")) {
                throw new EngineException(io.wharf.api.errors.ErrorKind.FORBIDDEN,
                        "authorization denied by plugin test: no " + r.requestUri());
            }
        }

        @Override
        public void authorizeResponse(io.wharf.api.rest.AuthorizationRequest r, io.wharf.api.rest.AuthorizationResponse a) {
            asked.add("res " + r.requestUri() + " " + a.statusCode() + " body="
                    + (a.body() == null ? "none" : new String(a.body(), StandardCharsets.UTF_8)));
            if (r.requestUri().contains("secret")) {
                throw new EngineException(io.wharf.api.errors.ErrorKind.FORBIDDEN,
                        "authorization denied by plugin test: answer withheld");
            }
        }
    }

    @Test
    void authorizationSeesRequestsAndAnswersAndItsDenialsAreDockerShaped() throws Exception {
        server.close();
        RecordingAuthorizer authz = new RecordingAuthorizer();
        server = new ApiServer(List.of("unix://" + socket), null, "Wharf/test", List.of(new GreetResource(),
                new CountResource()));
        server.addHijackedEndpoint("/containers/[^/]+/attach", ECHO);
        server.authorizeWith(() -> authz);
        server.start();
        server.startupComplete();

        String body = "{\"Name\":\"wharf\"}";
        assertTrue(request("POST /v1.44/greet?x=1", body).endsWith("{\"Hello\":\"wharf\"}"), "the body is read again");
        assertEquals(List.of("req POST /v1.44/greet?x=1 body=" + body + " type=application/json",
                "res /v1.44/greet?x=1 200 body={\"Hello\":\"wharf\"}"), authz.asked);

        String denied = request("GET /v1.44/greet/forbidden", null);
        assertTrue(denied.startsWith("HTTP/1.1 403"), denied);
        assertTrue(denied.endsWith("{\"message\":\"authorization denied by plugin test: no /v1.44/greet/forbidden\"}"),
                denied);
        String withheld = request("GET /greet/secret", null);
        assertTrue(withheld.startsWith("HTTP/1.1 403") && withheld.endsWith("answer withheld\"}"), withheld);
        assertFalse(withheld.contains("Hello"), withheld);

        authz.asked.clear();
        String hijack = raw("POST /v1.44/containers/forbidden/attach HTTP/1.1\r\nHost: docker\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(hijack.startsWith("HTTP/1.1 403"), "hijacked endpoints are authorized too: " + hijack);
        assertEquals(1, authz.asked.size());
    }

    @Test
    void pingCarriesTheVersionHeaders() throws Exception {
        String ping = request("GET /_ping", null);
        assertTrue(ping.startsWith("HTTP/1.1 200"), ping);
        assertTrue(ping.contains("Api-Version: 1.50"), ping);
        assertTrue(ping.endsWith("OK"), ping);
    }

    @Test
    void hijackWithUpgradeSwitchesToRawBytesBothWays() throws Exception {
        hijack(true);
    }

    @Test
    void hijackWithoutUpgradeUsesTheOlder200Form() throws Exception {
        hijack(false);
    }

    @Test
    void hijackErrorsBeforeSwitchingAreJson() throws Exception {
        String answer = request("POST /v1.50/containers/missing/attach?stream=1", null);
        assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
        assertTrue(answer.endsWith("{\"message\":\"No such container: missing\"}"), answer);
    }

    @Test
    void anEndpointMayServeWithoutHijacking() throws Exception {
        String answer = request("POST /containers/detached/attach", null);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(!answer.contains("raw-stream"), answer);
    }

    private void hijack(boolean upgrade) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String head = "POST /v1.50/containers/abc/attach?stream=1 HTTP/1.1\r\nHost: docker\r\n"
                    + (upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "") + "\r\n";
            // Raw bytes sent in the same write as the headers must reach the session too.
            byte[] early = "early ".getBytes(StandardCharsets.UTF_8);
            ByteBuffer first = ByteBuffer.allocate(head.length() + early.length);
            first.put(head.getBytes(StandardCharsets.US_ASCII)).put(early).flip();
            ch.write(first);
            InputStream in = Channels.newInputStream(ch);
            String status = readHeaders(in);
            assertTrue(status.startsWith(upgrade ? "HTTP/1.1 101" : "HTTP/1.1 200"), status);
            assertTrue(status.contains("application/vnd.docker.raw-stream"), status);
            // no length and no chunking: the raw stream is the body (docker-java reads an empty body otherwise)
            assertFalse(status.toLowerCase().contains("content-length"), status);
            assertFalse(status.toLowerCase().contains("transfer-encoding"), status);
            ch.write(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}));
            ch.shutdownOutput();
            byte[] all = in.readAllBytes();
            byte[] expected = concat("query=1\nearly ".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2, (byte) 255});
            assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(all, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            out.write(c);
            matched = (c == '\r' || c == '\n') && (matched % 2 == 0 ? c == '\r' : c == '\n') ? matched + 1 : 0;
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** One request with Connection: close; returns the status line, headers and the de-chunked body. */
    private String request(String requestLine, String body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = requestLine + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n")
                    + "\r\n";
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(bytes));
            InputStream in = Channels.newInputStream(ch);
            String headers = readHeaders(in).strip();
            byte[] rest = in.readAllBytes();
            String content = headers.toLowerCase().contains("transfer-encoding: chunked") ? dechunk(rest)
                    : new String(rest, StandardCharsets.UTF_8);
            return headers + "\n\n" + content.strip();
        }
    }

    private static String dechunk(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            int size = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(s, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
