package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * dockerd's {@code metrics-addr}: wharfd serves Prometheus metrics on a loopback address, and Debian's prometheus
 * server, started by the test on loopback, scrapes them (its targets API shows the engine up and a query returns
 * the engine's values). A non-loopback address is refused at start, as plain TCP is.
 */
class MetricsEndToEndIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void prometheusScrapesTheEnginesMetrics() throws Exception {
        assertTrue(Files.isExecutable(PROMETHEUS), "Debian's prometheus is installed by scripts/install-host-packages.sh");
        int metricsPort = freePort();
        Path work = Files.createTempDirectory("wharf-e2e-metrics");
        try (Wharfd wharfd = new Wharfd("metrics", "--metrics-addr", "127.0.0.1:" + metricsPort).start()) {
            Docker docker = wharfd.docker();
            docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            docker.run("run", "-d", "--name", "probed", "--health-cmd", "true", "--health-interval", "1s",
                    "busybox", "sleep", "300").ok();
            docker.run("run", "--rm", "--network", "none", "busybox", "true").ok();
            docker.run("ps", "-a").ok();

            String text = awaitMetrics(metricsPort, "wharf_health_checks_total{result=\"passed\"}");
            assertEquals(1.0, value(text, "wharf_containers{state=\"running\"}"), text);
            assertTrue(value(text, "wharf_container_action_duration_seconds_count{action=\"start\"}") >= 2, text);
            assertTrue(value(text, "wharf_api_request_duration_seconds_count{method=\"GET\",route=\"/containers/json\","
                    + "status=\"200\"}") >= 1, text);
            assertTrue(value(text, "wharf_api_request_duration_seconds_count{method=\"POST\","
                    + "route=\"/containers/{id}/attach\",status=\"101\"}") >= 1, text);
            assertTrue(value(text, "wharf_events_total{action=\"start\",type=\"container\"}") >= 2, text);
            assertTrue(value(text, "jvm_memory_used_bytes{area=\"heap\"}") > 0, text);
            assertTrue(value(text, "jvm_threads_current") > 0, text);
            assertTrue(value(text, "process_open_fds") > 0, text);

            int prometheusPort = freePort();
            Path config = work.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: wharf
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(metricsPort));
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
                JsonNode target = awaitJson(api + "targets", t -> t.at("/data/activeTargets/0/health").asText()
                        .equals("up"));
                assertEquals("127.0.0.1:" + metricsPort, target.at("/data/activeTargets/0/labels/instance").asText());
                JsonNode running = awaitJson(api + "query?query=" + encode("wharf_containers{state=\"running\"}"),
                        q -> q.at("/data/result").size() == 1);
                assertEquals("1", running.at("/data/result/0/value/1").asText(), running.toString());
                JsonNode probes = awaitJson(api + "query?query=" + encode("wharf_health_checks_total"),
                        q -> q.at("/data/result").size() >= 1);
                assertTrue(Double.parseDouble(probes.at("/data/result/0/value/1").asText()) >= 1, probes.toString());
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            docker.run("rm", "-f", "probed").ok();
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
        }
    }

    @Test
    void aMetricsAddressBeyondLoopbackIsRefusedAtStart() throws Exception {
        try (Wharfd wharfd = new Wharfd("metrics-remote", "--metrics-addr", "0.0.0.0:9323")) {
            Docker.Result refused = wharfd.startExpectingFailure();
            assertEquals(1, refused.exitCode());
            assertTrue(refused.out().contains("refusing metrics-addr 0.0.0.0:9323"), refused.out());
        }
    }

    private String awaitMetrics(int port, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (text.contains(line)) {
                return text;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(line + " never appeared in:\n" + text);
    }

    private JsonNode awaitJson(String url, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (done.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // prometheus still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " never answered as expected; last: " + last);
    }

    /** The value of one sample line of the text format, e.g. {@code name{label="v"} 3.0}. */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        if (!m.find()) {
            throw new AssertionError(series + " missing in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
