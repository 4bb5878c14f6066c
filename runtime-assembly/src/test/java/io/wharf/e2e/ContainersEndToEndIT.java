package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container lifecycle through the real docker CLI, including a daemon crash with containers running.
 * Containers use --network none: the default bridge network arrives with the networks work.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainersEndToEndIT {
    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("containers").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            docker.run("rm", "-f", "keeper", "ticker", "pausable", "sleepy", "renamed", "updatable");
            wharfd.close();
        }
    }

    @Test
    @Order(1)
    void runPrintsOutputAndPropagatesTheExitCode() throws Exception {
        Docker.Result hi = docker.run("run", "--network", "none", "--rm", "busybox", "echo", "hi");
        assertEquals(0, hi.exitCode(), hi.err());
        assertEquals("hi", hi.out().strip());
        Docker.Result three = docker.run("run", "--network", "none", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, three.exitCode());
        assertEquals("out", three.out().strip());
        assertEquals("err", three.err().strip());
        Docker.Result missing = docker.run("run", "--network", "none", "--rm", "busybox", "/no/such/binary");
        assertEquals(127, missing.exitCode(), missing.err());
    }

    @Test
    @Order(2)
    void stdinIsForwardedWithDashI() throws Exception {
        Path input = work.resolve("input.txt");
        Files.writeString(input, "x\ny\n");
        Docker.Result cat = docker.runWithInput(input, "run", "--network", "none", "-i", "--rm", "busybox", "cat");
        assertEquals(0, cat.exitCode(), cat.err());
        assertEquals("x\ny\n", cat.out());
    }

    @Test
    @Order(3)
    void ttySessionUnderScript() throws Exception {
        String cli = Docker.binary() + " -H unix://" + wharfd.socket + " run -t --rm --network none busybox sh -c 'tty; echo done'";
        Process p = new ProcessBuilder("script", "-qec", cli, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("/dev/pts/0"), out);
        assertTrue(out.contains("done"), out);
    }

    @Test
    @Order(10)
    void detachedContainerLogsPsInspectTopStats() throws Exception {
        String id = docker.run("run", "--network", "none", "-d", "--name", "ticker", "busybox", "sh", "-c",
                "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").ok().out().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        Thread.sleep(1200);
        List<String> ps = docker.run("ps", "--format", "{{.Names}} {{.Status}}").ok().lines();
        assertTrue(ps.stream().anyMatch(l -> l.startsWith("ticker Up")), ps.toString());
        assertTrue(docker.run("logs", "ticker").ok().out().contains("tick 2"));
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "ticker").ok().out().strip());
        assertTrue(docker.run("top", "ticker").ok().out().contains("sleep"));
        String stats = docker.run("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}", "ticker").ok().out();
        assertTrue(stats.startsWith("ticker "), stats);
        Docker.Result follow = docker.run("logs", "--tail", "1", "-t", "ticker");
        assertEquals(1, follow.ok().lines().size(), follow.out());
    }

    @Test
    @Order(10)
    void logsFollowStreamsUntilTheContainerStops() throws Exception {
        docker.run("run", "--network", "none", "-d", "--name", "follower", "--entrypoint", "sh", "-e", "WHO=wharf",
                "-w", "/tmp", "--hostname", "box", "busybox", "-c",
                "for i in 1 2 3; do echo \"$WHO $(pwd) $(hostname) $i\"; sleep 0.3; done").ok();
        long start = System.nanoTime();
        Docker.Result follow = docker.run("logs", "-f", "follower");
        assertEquals(List.of("wharf /tmp box 1", "wharf /tmp box 2", "wharf /tmp box 3"), follow.ok().lines());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300, "logs -f returned before the container ended");
        docker.run("rm", "follower").ok();
    }

    @Test
    @Order(11)
    void execWithEnvUserWorkdirAndExitCode() throws Exception {
        Docker.Result r = docker.run("exec", "-e", "FOO=bar", "-u", "nobody", "-w", "/tmp", "ticker", "sh", "-c",
                "echo $FOO $(id -u) $(pwd); exit 5");
        assertEquals(5, r.exitCode(), r.err());
        assertEquals("bar 65534 /tmp", r.out().strip());
        docker.run("exec", "-d", "ticker", "touch", "/tmp/from-detached-exec").ok();
        Thread.sleep(300);
        docker.run("exec", "ticker", "test", "-f", "/tmp/from-detached-exec").ok();
    }

    @Test
    @Order(12)
    void copyBothWaysDiffAndExport() throws Exception {
        Path local = work.resolve("hello.txt");
        Files.writeString(local, "hello from the host\n");
        docker.run("cp", local.toString(), "ticker:/tmp/hello.txt").ok();
        assertEquals("hello from the host", docker.run("exec", "ticker", "cat", "/tmp/hello.txt").ok().out().strip());
        Path back = work.resolve("back");
        Files.createDirectories(back);
        docker.run("cp", "ticker:/tmp/hello.txt", back.toString()).ok();
        assertEquals("hello from the host\n", Files.readString(back.resolve("hello.txt")));
        assertTrue(docker.run("diff", "ticker").ok().lines().contains("A /tmp/hello.txt"));
        Path export = work.resolve("export.tar");
        docker.run("export", "-o", export.toString(), "ticker").ok();
        assertTrue(Files.size(export) > 1_000_000);
    }

    @Test
    @Order(13)
    void pauseUnpauseRestartRenameUpdate() throws Exception {
        docker.run("run", "--network", "none", "-d", "--name", "pausable", "busybox", "sleep", "1000").ok();
        docker.run("pause", "pausable").ok();
        assertEquals("paused", docker.run("inspect", "-f", "{{.State.Status}}", "pausable").ok().out().strip());
        docker.run("unpause", "pausable").ok();
        assertEquals("running", docker.run("inspect", "-f", "{{.State.Status}}", "pausable").ok().out().strip());
        String pid = docker.run("inspect", "-f", "{{.State.Pid}}", "pausable").ok().out().strip();
        docker.run("restart", "-t", "1", "pausable").ok();
        assertFalse(pid.equals(docker.run("inspect", "-f", "{{.State.Pid}}", "pausable").ok().out().strip()));
        docker.run("rename", "pausable", "renamed").ok();
        docker.run("update", "--memory", "64m", "--memory-swap", "128m", "renamed").ok();
        assertEquals("67108864", docker.run("inspect", "-f", "{{.HostConfig.Memory}}", "renamed").ok().out().strip());
        Docker.Result rmRunning = docker.run("rm", "renamed");
        assertEquals(1, rmRunning.exitCode());
        assertTrue(rmRunning.err().contains("Stop the container before attempting removal or force remove"));
        docker.run("rm", "-f", "renamed").ok();
    }

    @Test
    @Order(14)
    void stopWaitsForTheTimeoutThenKills() throws Exception {
        docker.run("run", "--network", "none", "-d", "--name", "sleepy", "busybox", "sh", "-c", "trap '' TERM; while true; do sleep 0.1; done")
                .ok();
        Thread.sleep(300);
        long start = System.nanoTime();
        docker.run("stop", "-t", "2", "sleepy").ok();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1900 && ms < 5000, "stop took " + ms + " ms");
        assertEquals("137", docker.run("inspect", "-f", "{{.State.ExitCode}}", "sleepy").ok().out().strip());
        assertEquals("137", docker.run("wait", "sleepy").ok().out().strip());
        docker.run("rm", "sleepy").ok();
    }

    @Test
    @Order(15)
    void createStartAttachAndKill() throws Exception {
        docker.run("create", "--network", "none", "--name", "keeper", "busybox", "sleep", "1000").ok();
        assertEquals("created", docker.run("inspect", "-f", "{{.State.Status}}", "keeper").ok().out().strip());
        docker.run("start", "keeper").ok();
        docker.run("kill", "-s", "KILL", "keeper").ok();
        assertEquals("137", docker.run("wait", "keeper").ok().out().strip());
        docker.run("start", "keeper").ok();
        assertEquals("running", docker.run("inspect", "-f", "{{.State.Status}}", "keeper").ok().out().strip());
    }

    @Test
    @Order(20)
    void commitThenRunTheCommittedImage() throws Exception {
        docker.run("exec", "ticker", "sh", "-c", "echo committed > /marker").ok();
        docker.run("commit", "-c", "CMD [\"cat\", \"/marker\"]", "ticker", "ticked:1").ok();
        assertEquals("committed", docker.run("run", "--network", "none", "--rm", "ticked:1").ok().out().strip());
        // API versions before 1.45 show the container an image was committed from, as Docker 20.10 does
        String id = docker.run("inspect", "-f", "{{.Id}}", "ticker").ok().out().strip();
        com.fasterxml.jackson.databind.JsonNode legacy = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(wharfd.http().get("/v1.41/images/ticked:1/json").body());
        assertEquals(id, legacy.path("Container").asText(), legacy.toString());
        assertEquals("busybox", legacy.path("ContainerConfig").path("Image").asText(), legacy.toString());
        assertEquals("sh", legacy.path("ContainerConfig").path("Cmd").path(0).asText(), legacy.toString());
        assertFalse(wharfd.http().get("/v1.50/images/ticked:1/json").body().contains("ContainerConfig"));
    }

    @Test
    @Order(25)
    void legacyLinksSetDockersVariablesAndCanBeRemoved() throws Exception {
        docker.run("run", "-d", "--name", "linked-db", "--expose", "5432", "-e", "POSTGRES_DB=app", "busybox",
                "sleep", "60").ok();
        String ip = docker.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "linked-db").ok().out().strip();
        docker.run("run", "-d", "--name", "linking-web", "--link", "linked-db:db", "busybox", "sleep", "60").ok();
        List<String> env = docker.run("exec", "linking-web", "env").ok().lines();
        for (String expected : List.of("DB_PORT=tcp://" + ip + ":5432", "DB_PORT_5432_TCP=tcp://" + ip + ":5432",
                "DB_PORT_5432_TCP_ADDR=" + ip, "DB_PORT_5432_TCP_PORT=5432", "DB_PORT_5432_TCP_PROTO=tcp",
                "DB_NAME=/linking-web/db", "DB_ENV_POSTGRES_DB=app")) {
            assertTrue(env.contains(expected), expected + " missing in " + env);
        }
        // docker rm --link removes the link, not the container
        docker.run("rm", "--link", "linking-web/db").ok();
        assertEquals("[]", docker.run("inspect", "-f", "{{.HostConfig.Links}}", "linking-web").ok().out().strip());
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "linked-db").ok().out().strip());
        assertEquals(1, docker.run("rm", "--link", "linking-web/db").exitCode()); // gone already
        docker.run("rm", "-f", "linking-web", "linked-db").ok();
    }

    @Test
    @Order(26)
    void logsTailCountsSixteenKibiBytePiecesAsDocker() throws Exception {
        docker.run("run", "--network", "none", "--name", "long-line", "busybox", "sh", "-c",
                "head -c 20000 /dev/zero | tr '\\0' a; echo; echo end").ok();
        // Docker stores the 20000-byte line as a 16 KiB entry and a 3616-byte one: the last two entries are these
        assertEquals("a".repeat(3616) + "\nend\n", docker.run("logs", "--tail", "2", "long-line").ok().out());
        assertEquals("a".repeat(20000) + "\nend\n", docker.run("logs", "--tail", "3", "long-line").ok().out());
        docker.run("rm", "long-line").ok();
    }

    @Test
    @Order(30)
    void containersSurviveADaemonCrash() throws Exception {
        String pidBefore = docker.run("inspect", "-f", "{{.State.Pid}}", "ticker").ok().out().strip();
        wharfd.kill9();
        Thread.sleep(600);
        assertTrue(Files.exists(Path.of("/proc", pidBefore)), "the container died with the daemon");
        wharfd.start();
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "ticker").ok().out().strip());
        assertEquals(pidBefore, docker.run("inspect", "-f", "{{.State.Pid}}", "ticker").ok().out().strip());
        String before = docker.run("logs", "ticker").ok().out();
        Thread.sleep(700);
        assertTrue(docker.run("logs", "ticker").ok().out().length() > before.length(), "logs keep growing");
        assertEquals("still here", docker.run("exec", "ticker", "echo", "still here").ok().out().strip());
        docker.run("stop", "-t", "1", "ticker").ok();
        assertEquals("false", docker.run("inspect", "-f", "{{.State.Running}}", "ticker").ok().out().strip());
        docker.run("rm", "ticker").ok();
    }

    @Test
    @Order(40)
    void pruneRemovesStoppedContainers() throws Exception {
        docker.run("create", "--network", "none", "--name", "stale", "busybox", "true").ok();
        String out = docker.run("container", "prune", "-f").ok().out();
        assertTrue(out.contains("Total reclaimed space"), out);
        assertEquals(1, docker.run("inspect", "stale").exitCode());
    }

    @Test
    @Order(50)
    void manySequentialRunsLeaveNothingBehind() throws Exception {
        docker.run("rm", "-f", "keeper").ok();
        for (int i = 0; i < 200; i++) {
            Docker.Result r = docker.run("run", "--network", "none", "--rm", "busybox", "true");
            assertEquals(0, r.exitCode(), "run " + i + ": " + r.err());
        }
        assertEquals(List.of(), docker.run("ps", "-aq").ok().lines());
        List<String> mounts = Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> l.contains(wharfd.dir.toString())).toList();
        assertEquals(List.of(), mounts, "mounts left behind");
        try (var dirs = Files.list(wharfd.dataRoot.resolve("containers"))) { // the area's format-version stays
            assertEquals(List.of(), dirs.filter(Files::isDirectory).toList());
        }
        Process pgrep = new ProcessBuilder("pgrep", "-f", "conmon.*" + wharfd.execRoot).start();
        assertEquals("", new String(pgrep.getInputStream().readAllBytes()).strip(), "conmon processes left");
    }
}
