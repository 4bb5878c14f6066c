package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's docker-compose 1.29, unmodified, against a wharfd: the project in src/test/compose (a web service that
 * waits for a healthy store, reaches it by name on a user network and serves what the store wrote into a named
 * volume; a worker scaled to two) through up --scale, ps, logs -f, exec and down -v. The checks read what
 * compose shows its users and the state it leaves, not only exit codes.
 */
class ComposeEndToEndIT {
    private static final Path PROJECT_DIR = Path.of("src/test/compose");
    private static final String IMAGE = "localhost/compose-busybox:latest";
    private static final String PROJECT = "wharfit";
    private static Wharfd wharfd;
    private static Compose compose;

    @TempDir
    static Path work;

    @BeforeAll
    static void startWharfd() throws Exception {
        wharfd = new Wharfd("compose").start();
        wharfd.docker().run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), IMAGE).ok();
        compose = new Compose(wharfd, PROJECT_DIR, PROJECT, IMAGE);
    }

    @AfterAll
    static void stopWharfd() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    void multiServiceProjectRunsAsOnDocker() throws Exception {
        Docker.Result up = compose.run("up", "-d", "--scale", "worker=2").ok();
        assertTrue(up.err().contains("Creating network \"wharfit_backend\""), up.err());
        assertTrue(up.err().contains("Creating volume \"wharfit_shared\""), up.err());

        String ps = compose.run("ps").ok().out();
        assertTrue(ps.matches("(?s).*wharfit_store_1 .*Up \\(healthy\\).*"), ps);
        for (String running : List.of("wharfit_web_1", "wharfit_worker_1", "wharfit_worker_2")) {
            assertTrue(ps.matches("(?s).*" + running + " .* Up .*"), ps);
        }

        // depends_on waited for the healthcheck: web's very first request found the store serving by name
        List<String> history = compose.run("logs", "--no-color", "web").ok().lines().stream()
                .filter(l -> l.startsWith("web_1 ")).toList();
        assertFalse(history.isEmpty(), "web logged nothing");
        assertTrue(history.stream().allMatch(l -> l.endsWith("| web got stored-by-store")), history.toString());
        // logs -f shows the history and then lines logged while it follows
        List<String> followed = followLogs("web", history.size() + 2);
        assertTrue(followed.stream().allMatch(l -> l.endsWith("| web got stored-by-store")), followed.toString());

        // both workers see the volume the store wrote, and resolve the other services by name
        for (String index : List.of("1", "2")) {
            assertEquals("stored-by-store", compose.run("exec", "-T", "--index=" + index, "worker",
                    "cat", "/shared/index.html").ok().out().strip());
        }
        assertEquals("stored-by-store", compose.run("exec", "-T", "--index=2", "worker",
                "wget", "-q", "-O", "-", "http://store:8080/").ok().out().strip());
        assertEquals(3, compose.run("exec", "-T", "worker", "sh", "-c", "exit 3").exitCode());
        Docker.Result missing = compose.run("exec", "-T", "worker", "no-such-binary");
        assertEquals(127, missing.exitCode());
        assertTrue(missing.out().strip().endsWith("executable file not found in $PATH: unknown"), missing.out());

        Docker.Result down = compose.run("down", "-v").ok();
        assertTrue(down.err().contains("Removing network wharfit_backend"), down.err());
        assertTrue(down.err().contains("Removing volume wharfit_shared"), down.err());
        Docker docker = wharfd.docker();
        assertEquals(List.of(), docker.run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).ok().lines());
        assertFalse(docker.run("volume", "ls", "-q").ok().lines().contains("wharfit_shared"));
        assertFalse(docker.run("network", "ls", "--format", "{{.Name}}").ok().lines().contains("wharfit_backend"));
    }

    /** {@code logs -f} of one service until it has shown {@code count} lines, then ended as a user's ctrl-c would. */
    private static List<String> followLogs(String service, int count) throws Exception {
        Process follow = compose.start("logs", "-f", "--no-color", service);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try {
                    for (String line; lines.size() < count && (line = out.readLine()) != null; ) {
                        if (line.startsWith(service + "_1 ")) {
                            lines.add(line);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            reading.get(30, TimeUnit.SECONDS);
            assertEquals(count, lines.size(), "logs -f ended early: " + lines);
            assertTrue(follow.isAlive(), "logs -f ended by itself: " + lines);
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
        return lines;
    }
}
