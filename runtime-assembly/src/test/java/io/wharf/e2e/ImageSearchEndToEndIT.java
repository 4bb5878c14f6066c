package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker search: against a registry's v1 search API (a small fake on loopback, as Docker Hub's index answers) and,
 * beyond Docker, against Debian's docker-registry, which speaks only v2 and is searched through its catalog.
 */
class ImageSearchEndToEndIT {
    private static final String V1_RESULTS = "{\"num_results\":3,\"query\":\"busy\",\"results\":["
            + "{\"name\":\"busybox\",\"description\":\"Busybox base image.\",\"star_count\":3037,"
            + "\"is_official\":true,\"is_automated\":false},"
            + "{\"name\":\"team/busy\",\"description\":\"the team's busybox\",\"star_count\":7,"
            + "\"is_official\":false,\"is_automated\":true},"
            + "{\"name\":\"someone/busy\",\"description\":\"\",\"star_count\":0,\"is_official\":false,"
            + "\"is_automated\":false}]}";

    @TempDir
    Path work;

    @Test
    void searchesAV1IndexWithLimitAndFilters() throws Exception {
        List<String> queries = new CopyOnWriteArrayList<>();
        // HTTPS with a certificate of its own, which a loopback (insecure) registry is allowed: Docker tries
        // HTTPS first, and a plain-HTTP fake would keep it waiting for a TLS answer until its timeout
        HttpsServer index = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        index.setHttpsConfigurator(new HttpsConfigurator(selfSignedTls()));
        index.createContext("/v1/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v1/search")) {
                queries.add(exchange.getRequestURI().getRawQuery());
            }
            byte[] body = (path.equals("/v1/search") ? V1_RESULTS : "true").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        index.start();
        try (Wharfd wharfd = new Wharfd("search-v1").start()) {
            Docker docker = wharfd.docker();
            String term = "127.0.0.1:" + index.getAddress().getPort() + "/busy";
            Docker.Result all = docker.run("search", "--no-trunc", term).ok();
            List<String> lines = all.lines();
            assertTrue(lines.get(0).startsWith("NAME") && lines.get(0).contains("STARS"), all.out());
            assertEquals(4, lines.size(), all.out());
            assertTrue(lines.get(1).matches("busybox\\s+Busybox base image\\.\\s+3037\\s+\\[OK\\].*"), all.out());
            assertEquals("q=busy&n=25", queries.get(0));

            Docker.Result formatted = docker.run("search", "--limit", "2", "--filter", "is-official=false",
                    "--filter", "stars=1", "--format", "{{.Name}}|{{.StarCount}}|{{.IsOfficial}}", term).ok();
            assertEquals("team/busy|7|", formatted.out().strip()); // the CLI shows an official one as [OK]
            assertEquals("q=busy&n=2", queries.get(1));
            // is_automated is deprecated: Docker always answers false now, whatever the index says
            UnixHttp.Response api = wharfd.http().get("/v1.50/images/search?term=" + term + "&limit=2"
                    + "&filters=%7B%22stars%22%3A%5B%225%22%5D%7D");
            assertEquals("[{\"name\":\"busybox\",\"description\":\"Busybox base image.\",\"star_count\":3037,"
                    + "\"is_official\":true,\"is_automated\":false},{\"name\":\"team/busy\",\"description\":"
                    + "\"the team's busybox\",\"star_count\":7,\"is_official\":false,\"is_automated\":false}]",
                    api.body().strip());

            Docker.Result automated = docker.run("search", "--filter", "is-automated=true", term).ok();
            assertEquals(1, automated.lines().size(), automated.out());

            Docker.Result limit = docker.run("search", "--limit", "101", term);
            assertNotEquals(0, limit.exitCode());
            assertTrue(limit.err().contains("limit 101 is outside the range of [1, 100]"), limit.err());
            Docker.Result filter = docker.run("search", "--filter", "stars=many", term);
            assertTrue(filter.err().contains("invalid filter 'stars=many'"), filter.err());
            Docker.Result scheme = docker.run("search", "http://" + term);
            assertTrue(scheme.err().contains("should not have a scheme"), scheme.err());
        } finally {
            index.stop(0);
        }
    }

    private SSLContext selfSignedTls() throws Exception {
        Path keystore = work.resolve("index.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "index", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls;
    }

    @Test
    void searchesAV2OnlyRegistryThroughItsCatalog() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null);
             Wharfd wharfd = new Wharfd("search-v2").start()) {
            Docker docker = wharfd.docker();
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            for (String repo : List.of("tools/busybox", "busy/one", "alpine-like")) {
                docker.run("tag", "busybox", registry.host() + "/" + repo + ":1").ok();
                docker.run("push", registry.host() + "/" + repo + ":1").ok();
            }
            String localhost = "localhost:" + registry.port;
            Docker.Result found = docker.run("search", "--format", "{{.Name}}", localhost + "/busy").ok();
            assertEquals(List.of(localhost + "/busy/one", localhost + "/tools/busybox"), found.lines());
            Docker.Result one = docker.run("search", "--limit", "1", "--format", "{{.Name}}", registry.host() + "/busy")
                    .ok();
            assertEquals(List.of(registry.host() + "/busy/one"), one.lines());
            // what search shows can be pulled as it is shown
            docker.run("pull", found.lines().get(1) + ":1").ok();
            Docker.Result official = docker.run("search", "--filter", "is-official=true", "--format", "{{.Name}}",
                    localhost + "/busy").ok();
            assertTrue(official.out().isBlank(), official.out());
        }
    }

    @Test
    void anUnreachableRegistryIsAClientError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Wharfd wharfd = new Wharfd("search-none").start()) {
            UnixHttp.Response r = wharfd.http().get("/v1.50/images/search?term=127.0.0.1:" + port + "/x");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.body().startsWith("{\"message\":\"invalid registry endpoint \\\"https://127.0.0.1:" + port
                    + "/v1/\\\". HTTPS attempt: "), r.body());
        }
    }
}
