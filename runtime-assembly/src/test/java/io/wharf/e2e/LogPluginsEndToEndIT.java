package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's log-driver plugin protocol with the docker CLI: the example logging plugin of plugins-examples/ (Python,
 * written from Docker's documentation, no Wharf code) receives the lines of a container run with
 * {@code --log-driver}, first from a wharfd that finds it in a private directory, then, unchanged, from Debian's
 * dockerd (which finds it in /run/docker/plugins under a unique name, removed afterwards). Without dockerd the
 * dockerd half is skipped, except in CI.
 */
class LogPluginsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path work;
    static Path rootfs;
    private static final ExamplePlugins plugins = new ExamplePlugins();

    @BeforeAll
    static void busybox() throws Exception {
        rootfs = TestImages.busyboxRootfs(work);
    }

    @AfterAll
    static void stopPlugins() throws Exception {
        plugins.close();
    }

    /** The plugin's name and the file it appends entries to (its events beside it, in OUT.events). */
    record Plugin(String name, Path out) {
        Path events() {
            return Path.of(out + ".events");
        }
    }

    private static Plugin startPlugin(Path socketsDir, Path dir) throws Exception {
        Plugin p = new Plugin(ExamplePlugins.uniqueName("wharfit-filelog"), dir.resolve("lines.jsonl"));
        plugins.start("log-plugin-python/filelog.py", socketsDir.resolve(p.name() + ".sock"),
                dir.resolve("filelog.log"), "--out", p.out().toString());
        return p;
    }

    @Test
    void logPluginOnWharf() throws Exception {
        Path dir = Files.createDirectories(work.resolve("wharf"));
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Plugin p = startPlugin(sockets, dir);
        try (Wharfd wharfd = new Wharfd("logplug").withEnv("WHARF_PLUGIN_SOCKETS_DIR", sockets.toString())
                .withEnv("WHARF_PLUGIN_SPEC_DIRS", dir.resolve("no-specs").toString())) {
            wharfd.start();
            scenario(wharfd.docker(), p);
        }
    }

    @Test
    void theSamePluginOnDockerd() throws Exception {
        TestDockerd.assumeInstalled();
        Path dir = Files.createDirectories(work.resolve("dockerd"));
        Plugin p = startPlugin(Files.createDirectories(Path.of("/run/docker/plugins")), dir);
        Path fifos = Path.of("/run/docker/logging");
        List<Path> before = listed(fifos);
        try (TestDockerd dockerd = TestDockerd.start("logplugins")) {
            scenario(dockerd.docker(), p);
        } finally {
            // dockerd leaves the FIFO of a start the plugin refused in /run/docker/logging (outside its exec root)
            for (Path fifo : listed(fifos)) {
                if (!before.contains(fifo)) {
                    Files.deleteIfExists(fifo);
                }
            }
        }
    }

    private static List<Path> listed(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** The JSON lines of a file once {@code done} holds for them (within 20 s). */
    private static List<JsonNode> awaitLines(Path file, Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<JsonNode> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    lines.add(JSON.readTree(l));
                }
            }
            if (done.test(lines)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " never had what was expected: " + lines);
            }
            Thread.sleep(100);
        }
    }

    /** What a user does with the plugin, and what each daemon must answer. */
    private static void scenario(Docker docker, Plugin p) throws Exception {
        docker.run("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "busybox:latest").ok();

        docker.run("run", "--name", "lp1", "--network", "none", "--log-driver", p.name(), "--log-opt",
                "filelog-tag=t1", "--label", "team=logs", "busybox", "sh", "-c",
                "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2").ok();
        String id = docker.run("inspect", "-f", "{{.Id}}", "lp1").ok().out().strip();

        // the plugin got every line, in order, with its stream and time
        List<JsonNode> lines = awaitLines(p.out(), l -> l.size() >= 3);
        assertEquals(List.of("stdout out1", "stderr err1", "stdout out2"),
                lines.stream().map(l -> l.path("source").asText() + " " + l.path("line").asText()).toList());
        long last = 0;
        for (JsonNode l : lines) {
            assertEquals(id, l.path("container").asText());
            assertEquals("lp1", l.path("name").asText());
            assertEquals("t1", l.path("tag").asText());
            assertTrue(l.path("time_nano").asLong() >= last && l.path("time_nano").asLong() > 0, lines.toString());
            last = l.path("time_nano").asLong();
        }

        // StartLogging had the container's Info; the container stopped: StopLogging, and the stream ended
        List<JsonNode> events = awaitLines(p.events(), e -> e.size() >= 3);
        JsonNode info = events.get(0).path("info");
        assertEquals("start", events.get(0).path("event").asText());
        assertEquals(id, info.path("ContainerID").asText());
        assertEquals("/lp1", info.path("ContainerName").asText());
        assertEquals("busybox", info.path("ContainerImageName").asText());
        assertEquals("sh", info.path("ContainerEntrypoint").asText());
        assertEquals("-c", info.path("ContainerArgs").path(0).asText());
        assertTrue(info.path("ContainerImageID").asText().startsWith("sha256:"), info.toString());
        assertEquals("logs", info.path("ContainerLabels").path("team").asText());
        assertEquals("t1", info.path("Config").path("filelog-tag").asText());
        assertEquals("docker", info.path("DaemonName").asText());
        String fifo = events.get(0).path("file").asText();
        // dockerd sends StopLogging, then closes the stream (the plugin sees its end): either order is fine
        assertEquals(java.util.Set.of("start " + fifo, "eof " + fifo, "stop " + fifo),
                events.stream().map(e -> e.path("event").asText() + " " + e.path("file").asText())
                        .collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, events.size(), events.toString());

        // docker logs reads the daemon's own copy
        Docker.Result logs = docker.run("logs", "lp1").ok();
        assertEquals("out1\nout2\n", logs.out());
        assertEquals("err1\n", logs.err());
        docker.run("rm", "lp1").ok();

        // options are the plugin's to check: its refusal fails the start, with the plugin's words
        Docker.Result refused = docker.run("run", "--rm", "--network", "none", "--log-driver", p.name(),
                "--log-opt", "bogus=1", "busybox", "true");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("failed to initialize logging driver: error creating logger: "
                + "unknown log opt 'bogus' for filelog log driver"), refused.err());
    }
}
