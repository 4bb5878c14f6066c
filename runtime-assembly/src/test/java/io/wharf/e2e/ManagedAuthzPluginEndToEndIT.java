package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugins-examples/authz-plugin-python as a Docker managed plugin: created from a folder and enabled, then named
 * {@code name:tag} in daemon.json's {@code authorization-plugins} and taken in by a SIGHUP reload; a request it
 * denies gets Docker's 403 message. Disabling it is not refused (dockerd's Disable takes an authorization plugin
 * out of its chain, moby plugin/backend_linux.go, AuthzMiddleware.RemovePlugin), and from then on requests are
 * allowed again. The same steps run against Debian's dockerd, so they prove the behaviour, not Wharf's reading.
 */
class ManagedAuthzPluginEndToEndIT {
    private static final String NAME = "acme/denyauthz:1.0";

    @TempDir
    Path work;

    /** Replaces the daemon's daemon.json and makes it reload. */
    @FunctionalInterface
    private interface Reload {
        void with(String daemonJson) throws IOException, InterruptedException;
    }

    @Test
    void aManagedAuthorizationPluginDeniesUntilItIsDisabled() throws Exception {
        try (Wharfd wharfd = new Wharfd("dauthz")) {
            wharfd.start();
            scenario(wharfd.docker(), new UnixHttp(wharfd.socket), json -> {
                Files.writeString(wharfd.dir.resolve("daemon.json"), json);
                assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(wharfd.pid())).start().waitFor());
            });
        }
    }

    @Test
    void theSameRunsUnderDebiansDockerd() throws Exception {
        try (TestDockerd dockerd = TestDockerd.start("dauthz")) {
            scenario(dockerd.docker(), new UnixHttp(dockerd.socket), dockerd::reload);
        }
    }

    /**
     * Across a restart of wharfd with the plugin named in daemon.json: the API answers while the plugin manager
     * adopts (or starts again) the plugin's container. No request is served unasked (fail open) nor failed with a
     * 500: each is decided by the plugin, or refused with dockerd's {@code plugin NAME failed with error} (503)
     * while the plugin is not back; dockerd itself serves nothing before its plugins are restored.
     */
    @Test
    void aRestartNeitherFailsOpenNorAnswers500WhileThePluginComesBack() throws Exception {
        Path dir = pluginDirectory();
        try (Wharfd wharfd = new Wharfd("rauthz")) {
            wharfd.start();
            Docker docker = wharfd.docker();
            try {
                docker.run("plugin", "create", NAME, dir.toString()).ok();
                docker.run("plugin", "enable", NAME).ok();
                docker.run("volume", "create", "locked-v").ok();
                Files.writeString(wharfd.dir.resolve("daemon.json"),
                        "{\"authorization-plugins\": [\"" + NAME + "\"]}\n");
                wharfd.stop();
                List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
                java.util.concurrent.atomic.AtomicBoolean back = new java.util.concurrent.atomic.AtomicBoolean();
                Thread client = new Thread(() -> askUntilBack(wharfd.http(), answers, back), "authz-restart-client");
                client.start(); // from the daemon's first answer on, not only once it answers /_ping
                wharfd.start();
                client.join(90_000);
                assertTrue(back.get(), "the plugin did not decide again after the restart: " + answers
                        + "\n" + wharfd.logText());
                for (String answer : answers) {
                    assertTrue(answer.startsWith("DELETE 403 {\"message\":\"authorization denied by plugin " + NAME)
                                    || answer.startsWith("GET 200 ") || refusedUntilBack(answer),
                            "after the restart: " + answer + "\nall: " + answers);
                }
                assertEquals(0, docker.run("volume", "inspect", "locked-v").exitCode(), "served unasked");
            } finally {
                docker.run("plugin", "disable", "-f", NAME);
                docker.run("plugin", "rm", "-f", NAME);
                docker.run("volume", "rm", "locked-v");
            }
        }
    }

    private static boolean refusedUntilBack(String answer) {
        return answer.matches("(DELETE|GET) 503 \\{\"message\":\"plugin " + java.util.regex.Pattern.quote(NAME)
                + " failed with error: .*");
    }

    /** Asks what the plugin denies and what it allows, from the first answer on, until it decides both (60 s). */
    private static void askUntilBack(UnixHttp http, List<String> answers, java.util.concurrent.atomic.AtomicBoolean back) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                UnixHttp.Response delete = http.send("DELETE", "/volumes/locked-v", null, null);
                UnixHttp.Response list = http.send("GET", "/volumes", null, null);
                answers.add("DELETE " + delete.status() + " " + delete.body().strip());
                answers.add("GET " + list.status() + " " + list.body().strip());
                if (delete.status() == 403 && list.status() == 200) {
                    back.set(true);
                    return;
                }
            } catch (IOException notListening) {
                // stopped, or not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scenario(Docker docker, UnixHttp http, Reload reload) throws Exception {
        Path dir = pluginDirectory();
        try {
            docker.run("plugin", "create", NAME, dir.toString()).ok();
            docker.run("plugin", "enable", NAME).ok();
            docker.run("volume", "create", "locked-v").ok();
            reload.with("{\"authorization-plugins\": [\"" + NAME + "\"]}\n");

            Docker.Result denied = awaitDenied(docker);
            assertTrue(denied.err().contains("Error response from daemon: authorization denied by plugin " + NAME
                    + ": DELETE /v"), denied.err());
            assertTrue(denied.err().contains("/volumes/locked-v is not allowed"), denied.err());
            UnixHttp.Response forbidden = http.send("DELETE", "/volumes/locked-v", null, null);
            assertEquals(403, forbidden.status(), forbidden.body());
            assertTrue(forbidden.body().startsWith("{\"message\":\"authorization denied by plugin " + NAME),
                    forbidden.body());
            docker.run("volume", "create", "free-v").ok(); // what it does not deny is served

            docker.run("plugin", "disable", NAME).ok(); // not refused: the plugin leaves the chain
            docker.run("volume", "rm", "locked-v").ok();
            docker.run("volume", "rm", "free-v").ok();
            docker.run("plugin", "rm", NAME).ok();
            assertEquals(0, docker.run("plugin", "ls", "-q").ok().lines().size());
        } finally {
            docker.run("plugin", "rm", "-f", NAME); // a failed run leaves no plugin container behind
        }
    }

    /** The reload is asynchronous: the denial comes once the daemon has read the new file. */
    private static Docker.Result awaitDenied(Docker docker) throws IOException, InterruptedException {
        Docker.Result result = null;
        for (int i = 0; i < 100; i++) {
            result = docker.run("volume", "rm", "locked-v");
            if (result.exitCode() != 0) {
                return result;
            }
            docker.run("volume", "create", "locked-v").ok(); // removed before the reload took: again
            Thread.sleep(100);
        }
        throw new AssertionError("the plugin never denied: " + result.out());
    }

    /** The example as its author would package it for docker plugin create: config.json and a one-script rootfs. */
    private Path pluginDirectory() throws IOException {
        return ExamplePlugins.managedPluginFolder(work.resolve("denyauthz"), "authz-plugin-python/denyauthz.py", """
                {
                  "description": "denyauthz: denies what its rules name, as a Docker managed plugin",
                  "documentation": "plugins-examples/authz-plugin-python/README.md",
                  "entrypoint": ["/usr/bin/python3", "/denyauthz.py", "--socket", "/run/docker/plugins/denyauthz.sock",
                                 "--deny", "^DELETE /(v[0-9.]+/)?volumes/locked-"],
                  "interface": {"types": ["docker.authz/1.0"], "socket": "denyauthz.sock"},
                  "network": {"type": "none"},
                  "mounts": [
                    %s
                  ]
                }
                """.formatted(ExamplePlugins.HOST_PYTHON_MOUNTS));
    }
}
