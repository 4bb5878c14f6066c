package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * --ulimit, --platform and FROM --platform, RUN on a user network, a failing RUN's stream and container, contexts
 * compressed and cut short, ADD of a zstd tar.
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

    /**
     * RUN on a user network reaches another container there by name (the step container is attached to it, so the
     * embedded DNS answers, as in moby), {@code --add-host} is in its /etc/hosts, and {@code --network none}
     * leaves it without a route even to the server's address.
     */
    @Test
    void aRunOnAUserNetworkReachesAContainerThereByNameAndNoneHasNoNetwork() throws Exception {
        String network = "bnet" + Long.toHexString(System.nanoTime() & 0xffffff);
        String server = network + "-web";
        docker.run("network", "create", network).ok();
        docker.run("run", "-d", "--name", server, "--network", network, "busybox", "sh", "-c",
                "mkdir -p /www && echo served > /www/file && exec httpd -f -p 80 -h /www").ok();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (docker.run("exec", server, "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/file").exitCode() != 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100); // httpd is listening before the build's step asks it
        }
        Path dir = context("network", "FROM busybox\nARG SERVER\n"
                + "RUN wget -q -O /fetched http://$SERVER/file && grep -F extra.example /etc/hosts\n");
        Docker.Result built = docker.run("build", "--network", network, "--add-host", "extra.example:10.9.8.7",
                "--build-arg", "SERVER=" + server, "-t", "network:1", dir.toString()).ok();
        assertTrue(built.out().contains("10.9.8.7\textra.example"), built.out());
        assertEquals("served", docker.run("run", "--rm", "--network", "none", "network:1", "cat", "/fetched").ok()
                .out().strip());

        String address = docker.run("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                server).ok().out().strip();
        Docker.Result none = docker.run("build", "--no-cache", "--rm=false", "--force-rm", "--network", "none",
                "--build-arg", "SERVER=" + address, dir.toString());
        assertNotEquals(0, none.exitCode(), none.out());
        assertTrue(none.err().contains("returned a non-zero code: 1"), none.err());
        docker.run("rm", "-f", server).ok();
        docker.run("network", "rm", network).ok();
    }

    /**
     * A failing RUN through the raw API: the stream's last line is Docker's, with the exit code in
     * {@code errorDetail}; with the default {@code rm} the step's container stays (exited) for inspection as the
     * classic builder leaves it, with {@code forcerm} it goes; neither leaves a mount of it behind.
     */
    @Test
    void aFailingRunEndsTheStreamWithItsCodeAndKeepsItsContainerUnlessForceRm() throws Exception {
        byte[] tar = tar(Map.of("Dockerfile", "FROM busybox\nRUN echo failing && exit 7\n"));
        String message = "The command '/bin/sh -c echo failing && exit 7' returned a non-zero code: 7";
        String errorLine = "{\"errorDetail\":{\"code\":7,\"message\":\"" + message + "\"},\"error\":\"" + message
                + "\"}";
        for (String query : new String[] {"", "forcerm=1"}) {
            UnixHttp.Response r = wharfd.http().send("POST", "/v1.41/build?" + query, "application/x-tar", tar);
            assertEquals(200, r.status(), r.body());
            List<String> lines = r.body().lines().toList();
            assertEquals(errorLine, lines.get(lines.size() - 1), r.body());
            java.util.regex.Matcher running = java.util.regex.Pattern.compile(" ---> Running in ([0-9a-f]{12})")
                    .matcher(r.body());
            assertTrue(running.find(), r.body());
            String id = running.group(1);
            Docker.Result kept = docker.run("ps", "-a", "--filter", "id=" + id, "--format", "{{.Status}}");
            if (query.isEmpty()) {
                assertTrue(kept.out().startsWith("Exited (7)"), kept.out());
                assertFalse(r.body().contains("Removing intermediate container " + id), r.body());
            } else {
                assertEquals("", kept.out().strip());
                assertTrue(r.body().contains("Removing intermediate container " + id), r.body());
            }
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4])
                    .filter(m -> m.startsWith(wharfd.dataRoot.toString()) && m.contains(id)).toList();
            assertEquals(List.of(), mounts, "mounts of step container " + id);
            if (query.isEmpty()) {
                docker.run("rm", id).ok();
            }
        }
    }

    /**
     * The CLI's {@code docker build - < ctx.tar.gz} sends the compressed tar as it is: gzip, bzip2, xz and zstd
     * build (zstd compressed here with zstd-jni, as CI may have no zstd CLI).
     */
    @Test
    void aCompressedContextBuilds() throws Exception {
        Path dir = context("compressed", "FROM busybox\nCOPY hello.txt /\nCMD [\"cat\", \"/hello.txt\"]\n");
        Files.writeString(dir.resolve("hello.txt"), "from a compressed context\n");
        for (String[] kind : new String[][] {{"gzip", "z"}, {"bzip2", "j"}, {"xz", "J"}, {"zstd", ""}}) {
            Path archive = work.resolve("context.tar." + kind[0]);
            assertEquals(0, new ProcessBuilder("tar", "-c" + kind[1] + "f", archive.toString(), "-C",
                    dir.toString(), ".").inheritIO().start().waitFor());
            if (kind[0].equals("zstd")) {
                Files.write(archive, zstd(Files.readAllBytes(archive)));
            }
            docker.runWithInput(archive, "build", "-t", "compressed:" + kind[0], "-").ok();
            assertEquals("from a compressed context", docker.run("run", "--rm", "--network", "none",
                    "compressed:" + kind[0]).ok().out().strip(), kind[0]);
        }
    }

    /** {@code ADD files.tar.zst /dst/} unpacks the zstd-compressed tar, as it does gzip, bzip2 and xz ones. */
    @Test
    void addUnpacksAZstdTar() throws Exception {
        Path dir = context("add-zstd", "FROM busybox\nADD files.tar.zst /dst/\n");
        Files.write(dir.resolve("files.tar.zst"), zstd(tarOf(Map.of("a.txt", bytes("from zstd\n"),
                "sub/b.txt", bytes("nested\n")))));
        docker.run("build", "-t", "addzstd:1", dir.toString()).ok();
        assertEquals("from zstd|nested|files.tar.zst absent", docker.run("run", "--rm", "--network", "none",
                "addzstd:1", "sh", "-c", "echo $(cat /dst/a.txt)'|'$(cat /dst/sub/b.txt)'|'"
                        + "$(test -e /dst/files.tar.zst && echo files.tar.zst present || echo files.tar.zst absent)")
                .ok().out().strip());
    }

    private static byte[] zstd(byte[] plain) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var zstd = new com.github.luben.zstd.ZstdOutputStream(out)) {
            zstd.write(plain);
        }
        return out.toByteArray();
    }

    /**
     * A context cut inside a header, a file's content or its padding, or a gzip cut short, is a 400 saying so
     * before the build says anything; a tar an ADD unpacks that is cut short fails the build in its stream.
     */
    @Test
    void aContextCutShortIsA400SayingWhere() throws Exception {
        byte[] tar = tar(Map.of("Dockerfile", "FROM busybox\nCOPY data /\n", "data", "x".repeat(700)));
        // Dockerfile: header 0-512, content and padding to 1024; data: header to 1536, content to 2236, padding
        Map<Integer, String> cuts = Map.of(300, "inside an entry's header", 1300, "inside an entry's header",
                1700, "inside the content of \"data\"", 2300, "inside the padding of \"data\"");
        for (Map.Entry<Integer, String> cut : cuts.entrySet()) {
            UnixHttp.Response r = wharfd.http().send("POST", "/v1.41/build", "application/x-tar",
                    java.util.Arrays.copyOf(tar, cut.getKey()));
            assertEquals(400, r.status(), r.body());
            assertEquals("{\"message\":\"invalid tar: Truncated TAR archive: the stream ends "
                    + cut.getValue().replace("\"", "\\\"") + "\"}", r.body().strip());
        }
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write(tar);
        }
        UnixHttp.Response gzip = wharfd.http().send("POST", "/v1.41/build", "application/x-tar",
                java.util.Arrays.copyOf(gzipped.toByteArray(), gzipped.size() / 2));
        assertEquals(400, gzip.status(), gzip.body());
        assertTrue(gzip.body().startsWith("{\"message\":\"invalid gzip: "), gzip.body());

        byte[] withCut = tarOf(Map.of("Dockerfile", bytes("FROM busybox\nADD cut.tar /unpacked/\n"),
                "cut.tar", java.util.Arrays.copyOf(tar, 1300)));
        UnixHttp.Response inStream = wharfd.http().send("POST", "/v1.41/build", "application/x-tar", withCut);
        assertEquals(200, inStream.status(), inStream.body());
        List<String> lines = inStream.body().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"errorDetail\":{\"message\":\"invalid tar: Truncated"),
                inStream.body());
    }

    /** {@code FROM --platform}: the host's own platform builds, named directly or by the automatic args. */
    @Test
    void fromPlatformBuildsTheHostsOwnAndRefusesAForeignOne() throws Exception {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        Path dir = context("from-platform", "FROM --platform=$BUILDPLATFORM busybox AS build\n"
                + "RUN echo built > /built\n"
                + "FROM --platform=${TARGETPLATFORM} busybox\nCOPY --from=build /built /\n"
                + "FROM --platform=linux/" + arch + " busybox\nCOPY --from=1 /built /again\n");
        docker.run("build", "-t", "fromplatform:1", dir.toString()).ok();
        assertEquals("built", docker.run("run", "--rm", "--network", "none", "fromplatform:1", "cat", "/again").ok()
                .out().strip());
        Docker.Result foreign = docker.run("build", context("from-foreign",
                "FROM --platform=linux/s390x busybox\nRUN true\n").toString());
        assertNotEquals(0, foreign.exitCode(), foreign.out());
        assertTrue(foreign.err().contains("unsupported platform \"linux/s390x\": this daemon builds only for linux/"
                + arch), foreign.err());
        assertFalse(foreign.out().contains("Step 2/2"), foreign.out());
    }

    /** A context tar of the given text files, in order of their names. */
    private static byte[] tar(Map<String, String> files) throws Exception {
        Map<String, byte[]> contents = new java.util.HashMap<>();
        files.forEach((name, text) -> contents.put(name, bytes(text)));
        return tarOf(contents);
    }

    private static byte[] tarOf(Map<String, byte[]> files) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var archive = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(file.getKey());
                entry.setMode(0100644);
                entry.setSize(file.getValue().length);
                archive.putArchiveEntry(entry);
                archive.write(file.getValue());
                archive.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static UnixHttp.Response build(String query) throws Exception {
        return wharfd.http().send("POST", "/v1.41/build?" + query, "application/x-tar", new byte[0]);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
