package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local access: a web page cannot drive wharfd through a loopback TCP listener while the docker CLI still can, the
 * unix socket is never reachable with a wider mode than 0660, and wharfd refuses to run code others can write.
 */
class LocalAccessEndToEndIT {
    @TempDir
    Path work;

    @Test
    void browserRequestsAreRefusedOnLoopbackTcpWhileTheCliWorks() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String tcp = "tcp://127.0.0.1:" + port;
        try (Wharfd wharfd = new Wharfd("access", "-H", tcp, "--iptables=false").start()) {
            Docker cli = new Docker(null, wharfd.dir.resolve("docker-config"));
            // raw bodies (import), JSON bodies (create, exec), hijacked streams (run attaches, exec) all over TCP
            cli.run("-H", tcp, "import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox")
                    .ok();
            assertEquals("hi", cli.run("-H", tcp, "run", "--rm", "busybox", "echo", "hi").ok().out().strip());
            cli.run("-H", tcp, "run", "-d", "--name", "svc", "busybox", "sleep", "60").ok();
            assertEquals("there", cli.run("-H", tcp, "exec", "svc", "echo", "there").ok().out().strip());
            cli.run("-H", tcp, "rm", "-f", "svc").ok();
            cli.run("-H", tcp, "create", "--name", "made-by-cli", "busybox", "true").ok();

            String json = "{\"Image\":\"busybox\",\"Cmd\":[\"touch\",\"/pwned\"]}";
            // an HTML form posting to the API (text/plain and urlencoded are what forms send without a preflight)
            String form = http(port, "POST /v1.50/containers/create?name=from-form", "127.0.0.1:" + port,
                    "Content-Type: text/plain", json);
            assertTrue(form.startsWith("HTTP/1.1 400"), form);
            assertTrue(form.contains("{\"message\":\"unsupported Content-Type header (text/plain)"), form);
            String urlencoded = http(port, "POST /containers/create?name=from-urlencoded", "127.0.0.1:" + port,
                    "Content-Type: application/x-www-form-urlencoded", json);
            assertTrue(urlencoded.startsWith("HTTP/1.1 400"), urlencoded);
            // a cross-site fetch carries its page's Origin
            String crossSite = http(port, "POST /containers/create?name=from-fetch", "127.0.0.1:" + port,
                    "Content-Type: application/json\r\nOrigin: http://evil.example", json);
            assertTrue(crossSite.startsWith("HTTP/1.1 403"), crossSite);
            assertTrue(crossSite.contains("Origin: http://evil.example"), crossSite);
            // DNS rebinding: the page's own name, now resolving to 127.0.0.1, is the Host
            String rebound = http(port, "POST /containers/create?name=from-rebinding", "evil.example:" + port,
                    "Content-Type: application/json", json);
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
            String listing = http(port, "GET /containers/json?all=1", "evil.example:" + port, null, null);
            assertTrue(listing.startsWith("HTTP/1.1 403") && !listing.contains("made-by-cli"), listing);

            List<String> names = wharfd.docker().run("ps", "-a", "--format", "{{.Names}}").ok().lines();
            assertEquals(List.of("made-by-cli"), names, "no container from a browser-like request");
            // the unix socket is out of a web page's reach and unaffected
            String unix = wharfd.http().get("/containers/json?all=1").body();
            assertTrue(unix.contains("made-by-cli"), unix);
        }
    }

    @Test
    void theUnixSocketIsBoundOutOfReachAndAppearsWithMode0660() throws Exception {
        Path trace = work.resolve("strace.out");
        Wharfd wharfd = new Wharfd("sock", "--iptables=false");
        try {
            wharfd.startUnder(List.of("strace", "-f", "--seccomp-bpf", "-qq", "-o", trace.toString(),
                    "-e", "trace=bind,mkdir,mkdirat,chmod,fchmodat,rename,renameat,renameat2"));
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(wharfd.socket)));
            // stop wharfd itself: a signal to strace would only detach it
            ProcessHandle daemon = ProcessHandle.of(Long.parseLong(
                    Files.readString(wharfd.dir.resolve("wharfd.pid")).strip())).orElseThrow();
            daemon.destroy();
            daemon.onExit().get(60, TimeUnit.SECONDS);
        } finally {
            wharfd.close();
        }
        String socket = wharfd.socket.toString();
        List<String> calls = Files.readAllLines(trace).stream()
                .filter(l -> l.contains(wharfd.socket.getParent() + "/")).toList();
        String bind = calls.stream().filter(l -> l.contains("bind(")).findFirst().orElseThrow(() ->
                new AssertionError("no bind in " + calls));
        assertTrue(!bind.contains("\"" + socket + "\""), "bound at its final path, where it has the umask's mode: "
                + bind);
        String staging = bind.replaceAll(".*sun_path=\"([^\"]+)/[^/\"]+\".*", "$1");
        String mkdir = calls.stream().filter(l -> l.contains("mkdir") && l.contains("\"" + staging + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("staging directory not made: " + calls));
        assertTrue(mkdir.contains("0700"), "only root can enter where it is bound: " + mkdir);
        int chmod = indexOf(calls, l -> l.contains("chmod") && l.contains(staging) && l.contains("0660"));
        int rename = indexOf(calls, l -> l.contains("rename") && l.contains("\"" + socket + "\""));
        assertTrue(chmod >= 0 && rename > chmod, "mode 0660 before it is moved into place: " + calls);
    }

    @Test
    void refusesToStartWhenOthersCanWriteItsCode() throws Exception {
        Path copy = work.resolve("wharf");
        assertEquals(0, new ProcessBuilder("cp", "-a", Wharfd.distribution().toString(), copy.toString()).start()
                .waitFor());
        Files.createDirectories(copy.resolve("plugins"));
        assertEquals(0, new ProcessBuilder("chmod", "o+w", copy.resolve("plugins").toString()).start().waitFor());
        try (Wharfd wharfd = new Wharfd("writable").fromDistribution(copy)) {
            Docker.Result refused = wharfd.startExpectingFailure();
            assertNotEquals(0, refused.exitCode());
            assertTrue(refused.out().contains("wharfd: refusing to start: writable by others than root")
                    && refused.out().contains(copy.resolve("plugins").toString()), refused.out());
        }
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** One raw HTTP/1.1 exchange, as a browser's request would reach the listener. */
    private static String http(int port, String requestLine, String host, String headers, String body)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (headers == null ? "" : headers + "\r\n")
                    + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(content);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
