package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
