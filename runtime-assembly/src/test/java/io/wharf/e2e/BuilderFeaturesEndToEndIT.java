package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker build's remote sources and checks: ADD of a URL and POST /build?remote= served from a file server on
 * 127.0.0.1, a private base image pulled with the CLI's X-Registry-Config, duplicate stage names, set-id bits
 * through COPY, --squash refused as dockerd without experimental refuses it, the automatic platform args,
 * --ulimit and --platform.
 */
class BuilderFeaturesEndToEndIT {
    /** Wed, 21 Oct 2015 07:28:00 GMT */
    private static final long LAST_MODIFIED = 1445412480L;

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static HttpServer files;
    static final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        wharfd = new Wharfd("bfeat").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        files.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (files != null) {
            files.stop(0);
        }
        if (wharfd != null) {
            wharfd.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + files.getAddress().getPort() + path;
    }

    private static Path context(String name, String dockerfile) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }

    @Test
    void addOfAUrlIsDatedByLastModifiedMode0600AndCachedByContent() throws Exception {
        served.put("/files/data.txt", "first\n".getBytes(StandardCharsets.UTF_8));
        Path dir = context("add-url", "FROM busybox\nADD " + url("/files/data.txt") + " /srv/\n"
                + "ADD " + url("/files/data.txt") + " /srv/renamed.txt\n");
        docker.run("build", "-t", "addurl:1", dir.toString()).ok();
        assertEquals("first|600 0 " + LAST_MODIFIED + "|600 0 " + LAST_MODIFIED, docker.run("run", "--rm",
                "addurl:1", "sh", "-c", "printf '%s|%s|%s' \"$(cat /srv/data.txt)\" \"$(stat -c '%a %u %Y' "
                        + "/srv/data.txt)\" \"$(stat -c '%a %u %Y' /srv/renamed.txt)\"").ok().out().strip());
        String history = docker.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", "addurl:1").ok()
                .lines().get(1);
        // as dockerd 20.10 records it: a URL's hash has no file: prefix
        assertTrue(history.matches("/bin/sh -c #\\(nop\\) ADD [0-9a-f]{64} in /srv/ "), history);

        Docker.Result again = docker.run("build", "-t", "addurl:2", dir.toString()).ok();
        assertEquals(2, again.out().split(" ---> Using cache", -1).length - 1, again.out());
        served.put("/files/data.txt", "second\n".getBytes(StandardCharsets.UTF_8));
        Docker.Result changed = docker.run("build", "-t", "addurl:3", dir.toString()).ok();
        assertEquals(0, changed.out().split(" ---> Using cache", -1).length - 1, changed.out());
        assertEquals("second", docker.run("run", "--rm", "addurl:3", "cat", "/srv/renamed.txt").ok().out().strip());

        Docker.Result missing = docker.run("build", context("add-missing", "FROM busybox\nADD "
                + url("/files/absent.txt") + " /srv/\n").toString());
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("with status 404 Not Found"), missing.err());
        Docker.Result copy = docker.run("build", context("copy-url", "FROM busybox\nCOPY "
                + url("/files/data.txt") + " /srv/\n").toString());
        assertTrue(copy.err().contains("source can't be a URL for COPY"), copy.err());
    }

    @Test
    void aRemoteContextIsATarOrABareDockerfileAndGitIsRefused() throws Exception {
        Path dir = context("remote-tar", "FROM busybox\nCOPY hello.txt /\nCMD [\"cat\", \"/hello.txt\"]\n");
        Files.writeString(dir.resolve("hello.txt"), "from a remote tar\n");
        Path tar = work.resolve("remote.tar.gz");
        assertEquals(0, new ProcessBuilder("tar", "-czf", tar.toString(), "-C", dir.toString(), ".").inheritIO()
                .start().waitFor());
        served.put("/ctx.tar.gz", Files.readAllBytes(tar));
        served.put("/Dockerfile", "FROM busybox\nLABEL remote=plain\n".getBytes(StandardCharsets.UTF_8));

        UnixHttp.Response built = build("remote=" + enc(url("/ctx.tar.gz")) + "&t=remote:tar");
        assertEquals(200, built.status(), built.body());
        assertTrue(built.body().contains("Successfully tagged remote:tar"), built.body());
        assertEquals("from a remote tar", docker.run("run", "--rm", "remote:tar").ok().out().strip());

        UnixHttp.Response plain = build("remote=" + enc(url("/Dockerfile")) + "&t=remote:plain");
        assertTrue(plain.body().contains("Successfully tagged remote:plain"), plain.body());
        assertEquals("plain", docker.run("inspect", "--format", "{{.Config.Labels.remote}}", "remote:plain").ok()
                .out().strip());

        UnixHttp.Response git = build("remote=" + enc("https://github.com/moby/moby.git"));
        assertEquals(400, git.status(), git.body());
        assertTrue(git.body().contains("git contexts are not supported"), git.body());
        UnixHttp.Response absent = build("remote=" + enc(url("/absent.tar")));
        assertEquals(404, absent.status(), absent.body());
        assertEquals(400, build("remote=" + enc("ftp://127.0.0.1/x")).status());
    }

    @Test
    void squashIsRefusedAsDockerdWithoutExperimentalRefusesIt() throws Exception {
        UnixHttp.Response r = build("squash=1");
        assertEquals(400, r.status(), r.body());
        assertEquals("{\"message\":\"squash is only supported with experimental mode\"}", r.body().strip());
    }

    @Test
    void twoStagesOfOneNameAreRefused() throws Exception {
        Docker.Result r = docker.run("build", context("dup-stage", "FROM busybox AS app\nRUN true\n"
                + "FROM busybox AS App\n").toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("app stage name already used"), r.err());
    }

    /**
     * Set-id bits survive COPY and ADD as in BuildKit (dockerd 20.10's classic builder loses them by accident: it
     * chowns after copying, and chown clears them); a directory's bits come along when it is copied as an entry.
     */
    @Test
    void copyKeepsSetuidAndSetgidBits() throws Exception {
        Path dir = context("setid", "FROM busybox\nCOPY tool /usr/local/bin/\nCOPY tree/ /opt/\n"
                + "ADD tool /added\nCOPY --chown=nobody tool /owned\n");
        Path tool = dir.resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setAttribute(tool, "unix:mode", 04755);
        Path shared = Files.createDirectories(dir.resolve("tree/shared"));
        Files.setAttribute(shared, "unix:mode", 02775);
        docker.run("build", "-t", "setid:1", dir.toString()).ok();
        assertEquals("4755 2775 4755 4755", docker.run("run", "--rm", "setid:1", "stat", "-c", "%a",
                "/usr/local/bin/tool", "/opt/shared", "/added", "/owned").ok().out().strip().replace('\n', ' '));
    }

    @Test
    void aPrivateBaseImageIsPulledWithTheCredentialsTheClientSends() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), "wharf", "s3cret")) {
            String base = registry.host() + "/private/base:1";
            docker.run("tag", "busybox", base).ok();
            docker.run("login", "-u", "wharf", "-p", "s3cret", registry.host()).ok();
            docker.run("push", base).ok();
            docker.run("rmi", base).ok();
            Path dir = context("private-base", "FROM " + base + "\nRUN echo built > /marker\n");
            docker.run("logout", registry.host()).ok();
            Docker.Result anonymous = docker.run("build", dir.toString());
            assertNotEquals(0, anonymous.exitCode(), anonymous.out());
            docker.run("login", "-u", "wharf", "-p", "s3cret", registry.host()).ok();
            Docker.Result r = docker.run("build", "-t", "frombase:1", dir.toString()).ok();
            assertTrue(r.out().contains("Pulling from private/base"), r.out());
            assertEquals("built", docker.run("run", "--rm", "frombase:1", "cat", "/marker").ok().out().strip());
            docker.run("rmi", base).ok();
            Docker.Result pulled = docker.run("build", "--pull", "-t", "frombase:2", dir.toString()).ok();
            assertTrue(pulled.out().contains("Pulling from private/base"), pulled.out());
        }
    }

    /**
     * BuildKit's automatic platform args: FROM lines see them, a stage only after ARG, never the image's env;
     * {@code --ulimit} reaches RUN; a foreign platform and a hard limit above the daemon's are 400s.
     */
    @Test
    void platformArgsAndUlimitsReachRunAndForeignPlatformsAreRefused() throws Exception {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        Path dir = context("platform", "FROM busy${TARGETOS:+box}\nRUN echo \"[$TARGETARCH]\" > /before\n"
                + "ARG TARGETARCH\nRUN echo \"$TARGETARCH\" > /arch && ulimit -n > /nofile\n");
        docker.run("build", "--ulimit", "nofile=1000:1000", "--platform", "linux/" + arch, "-t", "platform:1",
                dir.toString()).ok();
        assertEquals("[] " + arch + " 1000", docker.run("run", "--rm", "platform:1", "cat", "/before", "/arch",
                "/nofile").ok().out().strip().replace('\n', ' '));
        String env = docker.run("image", "inspect", "-f", "{{json .Config.Env}}", "platform:1").ok().out();
        assertTrue(!env.contains("TARGETARCH"), env);
        String history = docker.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", "platform:1").ok().out();
        assertTrue(history.contains("|1 TARGETARCH=" + arch + " /bin/sh -c echo"), history);

        UnixHttp.Response foreign = build("platform=" + enc("linux/s390x"));
        assertEquals(400, foreign.status(), foreign.body());
        assertTrue(foreign.body().contains("unsupported platform"), foreign.body());
        UnixHttp.Response above = build("ulimits=" + enc("[{\"Name\":\"nofile\",\"Soft\":1,\"Hard\":-1}]"));
        assertEquals(400, above.status(), above.body());
        assertTrue(above.body().contains("CAP_SYS_RESOURCE"), above.body());
    }

    private static UnixHttp.Response build(String query) throws Exception {
        return wharfd.http().send("POST", "/v1.41/build?" + query, "application/x-tar", new byte[0]);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
