package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON every endpoint answers, for a fixed scene and a fixed list of requests, under each supported API
 * version, compared field by field with golden files (src/test/resources/golden). The docker CLI tolerates missing
 * or renamed fields, so the other end-to-end tests would not notice a changed wire shape; this test does.
 * {@code -Dwharf.golden.record=true} rewrites the golden files from the current code.
 */
class WireGoldenIT {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean RECORD = Boolean.getBoolean("wharf.golden.record");
    /** Versioned paths at the edges and in the middle of the supported range, and the unversioned path. */
    private static final List<String> VERSIONS = List.of("1.24", "1.41", "1.44", "1.50", "");
    /** ps columns whose values change from run to run. */
    private static final Set<String> VOLATILE_TOP_COLUMNS = Set.of("PID", "PPID", "C", "STIME", "TIME");

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static UnixHttp http;
    static GoldenJson golden;
    static String execId;
    static long since;
    static String until;

    @BeforeAll
    static void startDaemonAndSetUpScene() throws Exception {
        wharfd = new Wharfd("golden").start();
        http = wharfd.http();
        since = Instant.now().getEpochSecond() - 1;
        Docker docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        docker.run("tag", "busybox", "golden/busybox:v1").ok();
        docker.run("volume", "create", "--label", "scene=golden", "gvol").ok();
        docker.run("network", "create", "--subnet", "10.213.57.0/24", "--label", "scene=golden", "gnet").ok();
        Path bind = Files.createDirectories(work.resolve("bind"));
        Files.writeString(bind.resolve("f"), "bound\n");
        docker.run("run", "-d", "--name", "running", "--label", "role=running", "--label", "scene=golden",
                "-p", "127.0.0.1:47913:80", "-v", "gvol:/data", "-v", bind + ":/bind:ro", "--network", "gnet",
                "busybox", "sleep", "3600").ok();
        Thread.sleep(1100); // container lists sort by creation time, in seconds: keep the order fixed
        Docker.Result exited = docker.run("run", "--name", "exited", "--label", "role=exited", "-e", "FOO=bar",
                "--network", "gnet", "busybox", "sh", "-c", "mkdir /made && echo x > /made/f && exit 3");
        assertEquals(3, exited.exitCode(), exited.err());
        execId = startExec();
        Thread.sleep(1100); // the events query's until ends the scene: later requests' events stay out
        Instant end = Instant.now().minusMillis(500);
        until = end.getEpochSecond() + "." + String.format("%09d", end.getNano());
        golden = new GoldenJson()
                .literal(wharfd.dir.toString(), "<daemon-dir>")
                .literal(work.toString(), "<work-dir>");
    }

    /** An exec instance that ran to its end, so that its inspect answer no longer moves. */
    private static String startExec() throws Exception {
        UnixHttp.Response created = send("/containers/running/exec", "{\"Cmd\":[\"echo\",\"hi\"]}");
        String id = GoldenJson.MAPPER.readTree(created.body()).get("Id").asText();
        send("/exec/" + id + "/start", "{\"Detach\":true}");
        for (int i = 0; i < 200; i++) {
            if (!GoldenJson.MAPPER.readTree(http.get("/exec/" + id + "/json").body()).get("Running").asBoolean()) {
                return id;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the exec instance kept running");
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    /** One request of the fixed list; {@code {exec}}, {@code {since}} and {@code {until}} are filled in. */
    private record Call(String method, String path, String body, boolean allNumbersVolatile) {
        String key() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    /** Requests that change nothing the later ones see. */
    private static List<Call> reads() {
        return List.of(
                get("/_ping"), get("/version"), get("/info"), get("/system/df"),
                get("/containers/json"), get("/containers/json?all=1&size=1"),
                get("/containers/json?all=1&filters=" + q("{\"label\":[\"role=exited\"]}")),
                get("/containers/running/json"), get("/containers/running/json?size=1"), get("/containers/exited/json"),
                get("/containers/running/top"), get("/containers/exited/changes"),
                new Call("GET", "/containers/running/stats?stream=false", null, true),
                new Call("GET", "/containers/exited/stats?stream=false", null, true),
                new Call("GET", "/containers/running/stats?stream=false&one-shot=true", null, true),
                // the content type of a multiplexed log depends on the API version
                get("/containers/exited/logs?stdout=1&stderr=1"),
                new Call("POST", "/containers/exited/wait", null, false),
                get("/exec/{exec}/json"),
                get("/images/json"), get("/images/json?all=1"),
                get("/images/json?filters=" + q("{\"reference\":[\"golden/*\"]}")),
                get("/images/busybox/json"), get("/images/golden/busybox:v1/json"), get("/images/busybox/history"),
                get("/networks"), get("/networks/gnet"), get("/networks/gnet?verbose=true"), get("/networks/bridge"),
                get("/networks?filters=" + q("{\"label\":[\"scene=golden\"]}")),
                get("/volumes"), get("/volumes/gvol"), get("/volumes?filters=" + q("{\"dangling\":[\"false\"]}")),
                get("/events?since={since}&until={until}"),
                get("/events?since={since}&until={until}&filters=" + q("{\"type\":[\"volume\",\"network\"]}")),
                // error bodies
                get("/containers/nosuch/json"), get("/images/nosuch:latest/json"), get("/networks/nosuch"),
                get("/volumes/nosuch"), get("/exec/nosuch/json"), get("/containers/nosuch/top"),
                get("/containers/json?filters=" + q("{\"bogus\":[\"x\"]}")), get("/events?since=bogus"),
                new Call("POST", "/containers/create", "{bad json", false),
                new Call("POST", "/containers/create", "{\"Image\":\"nosuch:latest\"}", false),
                new Call("POST", "/containers/create?name=running", "{\"Image\":\"busybox\"}", false),
                new Call("POST", "/containers/running/exec", "{\"Cmd\":\"true\"}", false),
                new Call("POST", "/containers/running/exec", "{\"Cmd\":[]}", false),
                new Call("POST", "/volumes/create", "{\"Name\":\"bad/name\"}", false),
                new Call("POST", "/networks/create", "{\"Name\":\"gnet\"}", false),
                new Call("DELETE", "/containers/running", null, false),
                new Call("DELETE", "/volumes/gvol", null, false),
                new Call("POST", "/containers/running/start", null, false),
                new Call("POST", "/containers/exited/stop", null, false));
    }

    /** Requests that create objects (named after the version, {@code s}) and remove them again. */
    private static List<Call> writes(String s) {
        String throwaway = q("{\"label\":[\"throwaway=" + s + "\"]}");
        return List.of(
                post("/volumes/create", "{\"Name\":\"tv-" + s + "\",\"Labels\":{\"throwaway\":\"" + s + "\"}}"),
                get("/volumes/tv-" + s),
                // before 1.42 the daemon adds all=true itself, so an explicit one is refused there
                post("/volumes/prune?filters=" + q("{\"label\":[\"throwaway=" + s + "\"],\"all\":[\"true\"]}"), null),
                post("/volumes/prune?filters=" + throwaway, null),
                post("/networks/create", "{\"Name\":\"tn-" + s + "\",\"Labels\":{\"throwaway\":\"" + s + "\"}}"),
                get("/networks/tn-" + s),
                post("/networks/prune?filters=" + throwaway, null),
                post("/containers/create?name=tc-" + s, "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],"
                        + "\"Labels\":{\"throwaway\":\"" + s + "\"},\"HostConfig\":{\"NetworkMode\":\"none\"}}"),
                post("/containers/prune?filters=" + throwaway, null),
                post("/images/prune?filters=" + q("{\"dangling\":[\"true\"]}"), null),
                post("/containers/running/exec", "{\"Cmd\":[\"true\"]}"),
                post("/containers/running/update", "{\"RestartPolicy\":{\"Name\":\"no\"}}"),
                post("/commit?container=exited&repo=tcommit&tag=" + s, "{}"),
                new Call("DELETE", "/images/tcommit:" + s, null, false),
                post("/images/busybox/tag?repo=ttag&tag=" + s, null),
                new Call("DELETE", "/images/ttag:" + s, null, false));
    }

    @Test
    void everyEndpointAnswersAsRecorded() throws Exception {
        Map<String, ObjectNode> answers = new java.util.LinkedHashMap<>();
        for (String v : VERSIONS) {
            answers.put(v, play(v, reads()));
        }
        // writes after every version's reads, so that no version's reads see another's objects
        for (String v : VERSIONS) {
            ObjectNode written = play(v, writes(v.isEmpty() ? "current" : v.replace(".", "")));
            answers.get(v).setAll(written);
        }
        Files.createDirectories(Path.of("target/golden-actual"));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : answers.entrySet()) {
            String file = (e.getKey().isEmpty() ? "unversioned" : "v" + e.getKey()) + ".json";
            String json = GoldenJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e.getValue()) + "\n";
            Files.writeString(Path.of("target/golden-actual", file), json);
            if (RECORD) {
                Files.createDirectories(GOLDEN);
                Files.writeString(GOLDEN.resolve(file), json);
                continue;
            }
            assertTrue(Files.exists(GOLDEN.resolve(file)), "no golden file " + file + " (record with "
                    + "-Dwharf.golden.record=true)");
            JsonNode expected = GoldenJson.MAPPER.readTree(GOLDEN.resolve(file).toFile());
            GoldenJson.diff(expected, e.getValue()).forEach(d -> differences.add(file + " " + d));
        }
        assertTrue(differences.isEmpty(), differences.size() + " differences from the golden files (actual answers "
                + "in target/golden-actual):\n" + String.join("\n", differences.subList(0,
                Math.min(200, differences.size()))));
    }

    /** Sends the calls under one version's prefix; answers keyed by the call, normalized. */
    private ObjectNode play(String version, List<Call> calls) throws Exception {
        String prefix = version.isEmpty() ? "" : "/v" + version;
        ObjectNode answers = JsonNodeFactory.instance.objectNode();
        for (Call c : calls) {
            String path = prefix + c.path().replace("{exec}", execId).replace("{since}", Long.toString(since))
                    .replace("{until}", until);
            byte[] body = c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8);
            UnixHttp.Response r = http.send(c.method(), path, body == null ? null : "application/json", body);
            JsonNode parsed = golden.normalize(c.path().startsWith("/events") && r.status() == 200
                    ? golden.parseStream(r.body()) : golden.parseBody(r.body()), c.path(), c.allNumbersVolatile());
            if (c.path().endsWith("/top")) {
                maskTopColumns(parsed);
            }
            ObjectNode answer = answers.putObject(c.key());
            answer.put("status", r.status());
            answer.put("contentType", r.header("content-type"));
            answer.set("body", parsed);
        }
        return answers;
    }

    private static void maskTopColumns(JsonNode top) {
        if (!(top.get("Titles") instanceof ArrayNode titles) || !(top.get("Processes") instanceof ArrayNode rows)) {
            return;
        }
        for (JsonNode row : rows) {
            for (int i = 0; i < titles.size() && i < row.size(); i++) {
                if (VOLATILE_TOP_COLUMNS.contains(titles.get(i).asText())) {
                    ((ArrayNode) row).set(i, TextNode.valueOf("<" + titles.get(i).asText() + ">"));
                }
            }
        }
    }

    private static Call get(String path) {
        return new Call("GET", path, null, false);
    }

    private static Call post(String path, String body) {
        return new Call("POST", path, body, false);
    }

    private static UnixHttp.Response send(String path, String json) throws Exception {
        return http.send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
