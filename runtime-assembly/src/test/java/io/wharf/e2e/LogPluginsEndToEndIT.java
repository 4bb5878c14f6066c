package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    private static Plugin startPlugin(Path socketsDir, Path dir, String... flags) throws Exception {
        Plugin p = new Plugin(ExamplePlugins.uniqueName("wharfit-filelog"), dir.resolve("lines.jsonl"));
        List<String> args = new ArrayList<>(List.of("--out", p.out().toString()));
        args.addAll(List.of(flags));
        plugins.start("log-plugin-python/filelog.py", socketsDir.resolve(p.name() + ".sock"),
                dir.resolve("filelog.log"), args.toArray(String[]::new));
        return p;
    }

    /** A wharfd that finds Docker plugins in {@code sockets} only; {@code args} are more of its flags. */
    private static Wharfd wharfdWithPlugins(String name, Path dir, Path sockets, String... args) throws Exception {
        return new Wharfd(name, args).withEnv("WHARF_PLUGIN_SOCKETS_DIR", sockets.toString())
                .withEnv("WHARF_PLUGIN_SPEC_DIRS", dir.resolve("no-specs").toString());
    }

    @Test
    void logPluginOnWharf() throws Exception {
        Path dir = Files.createDirectories(work.resolve("wharf"));
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Plugin p = startPlugin(sockets, dir);
        try (Wharfd wharfd = wharfdWithPlugins("logplug", dir, sockets)) {
            wharfd.start();
            scenario(wharfd.docker(), p);
        }
    }

    @Test
    void dockerLogsReadsThroughAPluginThatReadsLogsOnWharf() throws Exception {
        Path dir = Files.createDirectories(work.resolve("wharf-readlogs"));
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Plugin p = startPlugin(sockets, dir, "--read-logs");
        try (Wharfd wharfd = wharfdWithPlugins("logread", dir, sockets)) {
            wharfd.start();
            readLogsScenario(wharfd.docker(), p, dir.resolve("filelog.log"));
        }
    }

    @Test
    void dockerLogsReadsThroughThePluginOnDockerd() throws Exception {
        TestDockerd.assumeInstalled();
        Path dir = Files.createDirectories(work.resolve("dockerd-readlogs"));
        Plugin p = startPlugin(Files.createDirectories(Path.of("/run/docker/plugins")), dir, "--read-logs");
        try (TestDockerd dockerd = TestDockerd.start("logread")) {
            readLogsScenario(dockerd.docker(), p, dir.resolve("filelog.log"));
        }
    }

    /** daemon.json's log-driver naming a plugin: containers that name no driver log through it. */
    @Test
    void aPluginAsTheDaemonsDefaultLogDriver() throws Exception {
        Path dir = Files.createDirectories(work.resolve("wharf-default"));
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Plugin p = startPlugin(sockets, dir, "--read-logs");
        Path config = Files.writeString(dir.resolve("daemon.json"), "{\"log-driver\": \"" + p.name() + "\"}\n");
        try (Wharfd wharfd = wharfdWithPlugins("logdefault", dir, sockets, "--config-file", config.toString())) {
            wharfd.start();
            Docker docker = wharfd.docker();
            docker.run("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "busybox:latest").ok();
            docker.run("run", "--name", "d1", "--network", "none", "busybox", "echo", "by default").ok();
            assertEquals(p.name(), docker.run("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "d1").ok().out()
                    .strip());
            List<JsonNode> lines = awaitLines(p.out(), l -> !l.isEmpty());
            assertEquals("by default", lines.get(0).path("line").asText());
            assertEquals("by default\n", docker.run("logs", "d1").ok().out());
            docker.run("run", "--name", "j1", "--network", "none", "--log-driver", "json-file", "busybox", "echo",
                    "own file").ok();
            assertEquals("json-file", docker.run("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "j1").ok().out()
                    .strip());
            assertEquals("own file\n", docker.run("logs", "j1").ok().out());
            assertEquals(1, Files.readAllLines(p.out()).size(), "a json-file container's line reached the plugin");
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

    /**
     * docker logs through LogDriver.ReadLogs: a plugin whose capabilities say ReadLogs serves them (so the engine's
     * cache is not needed: cache-disabled), with --tail, --since, --timestamps and --follow.
     */
    private static void readLogsScenario(Docker docker, Plugin p, Path pluginLog) throws Exception {
        docker.run("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "busybox:latest").ok();
        docker.run("run", "-d", "--name", "rl1", "--network", "none", "--log-driver", p.name(), "--log-opt",
                "cache-disabled=true", "busybox", "sh", "-c",
                "echo one; echo two >&2; sleep 1; echo three; sleep 1; echo four").ok();
        Docker.Result followed = docker.run("logs", "-f", "rl1");
        assertEquals("one\nthree\nfour\n", followed.ok().out(), "docker logs -f until the container stopped");
        assertEquals("two\n", followed.err());
        assertTrue(Files.readString(pluginLog).contains("/LogDriver.ReadLogs"), "the plugin was not asked");

        Docker.Result all = docker.run("logs", "rl1").ok();
        assertEquals("one\nthree\nfour\n", all.out());
        assertEquals("two\n", all.err());
        assertEquals("four\n", docker.run("logs", "--tail", "1", "rl1").ok().out());
        List<String> stamped = docker.run("logs", "-t", "rl1").ok().lines();
        assertEquals(3, stamped.size(), stamped.toString());
        assertTrue(stamped.get(1).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]{18}Z three"), stamped.toString());
        String threeAt = stamped.get(1).substring(0, stamped.get(1).indexOf(' '));
        assertEquals("three\nfour\n", docker.run("logs", "--since", threeAt, "rl1").ok().out());
        docker.run("rm", "rl1").ok();

        // --follow is live: a line reaches the client while the container still runs
        docker.run("run", "-d", "--name", "rl2", "--network", "none", "--log-driver", p.name(), "busybox", "sh",
                "-c", "echo live; sleep 5; echo done").ok();
        Process follow = docker.start("logs", "-f", "rl2");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(),
                StandardCharsets.UTF_8))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals("live", first.get(4, TimeUnit.SECONDS));
            assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "rl2").ok().out().strip());
            assertTrue(follow.waitFor(30, TimeUnit.SECONDS), "docker logs -f did not end with the container");
            assertEquals("done", out.readLine());
        } finally {
            follow.destroyForcibly();
        }
        docker.run("rm", "-f", "rl2").ok();
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
