package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker plugin with the real CLI for a Wharf bundle (plugins-examples/dirvol-plugin, the in-process dirvol
 * volume driver): create and push to Debian's docker-registry, install from it with the privileges granted,
 * ls/inspect, use its driver from a container, disable refused while a volume uses it, a second provider of its
 * driver refused, an upgrade while it runs (Bundle.update, through the API: the CLI insists on a disabled plugin),
 * a daemon restart that brings it back enabled with its settings, a CLI upgrade, and rm, each a plugin event.
 * One daemon, restarted only for the restart check.
 */
class PluginManagerEndToEndIT {
    @TempDir
    Path work;

    @Test
    void aWharfBundleIsPublishedInstalledUsedUpgradedAndRemovedWithDockerPlugin() throws Exception {
        Path volumes = Files.createDirectories(work.resolve("dirvol"));
        Path v1 = context("v1", exampleJar());
        Path v2 = context("v2", withBundleVersion(exampleJar(), "0.2.0"));
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null);
             Wharfd wharfd = new Wharfd("plugapi")) {
            wharfd.start();
            Docker docker = wharfd.docker();
            String repo = "localhost:" + registry.port + "/acme/dirvol";
            String name = repo + ":1.0";
            refusesBadInputWithDockersErrorShape(wharfd.http(), repo);
            // publish 2.0 and 1.0: each made locally, pushed, and removed (one provider of dirvol at a time)
            for (String[] version : new String[][] {{"2.0", v2.toString()}, {"1.0", v1.toString()}}) {
                docker.run("plugin", "create", repo + ":" + version[0], version[1]).ok();
                docker.run("plugin", "push", repo + ":" + version[0]).ok();
                docker.run("plugin", "rm", repo + ":" + version[0]).ok();
            }

            Docker.Result installed = docker.run("plugin", "install", "--grant-all-permissions", name,
                    "root=" + volumes).ok();
            assertTrue(installed.out().contains("Installed plugin " + name), installed.out());
            assertTrue(docker.run("plugin", "ls").ok().out().matches("(?s).*" + name + "\\s+dirvol: .*true.*"),
                    docker.run("plugin", "ls").out());
            assertEquals(1, docker.run("plugin", "ls", "-q", "--filter", "capability=volumedriver").ok()
                    .lines().size());
            assertEquals(0, docker.run("plugin", "ls", "-q", "--filter", "enabled=false").ok().lines().size());
            assertEquals("true " + name + " [root=" + volumes + "] [wharf.volumedriver/1.0]",
                    docker.run("plugin", "inspect", "-f",
                            "{{.Enabled}} {{.PluginReference}} {{.Settings.Env}} {{.Config.Interface.Types}}",
                            name).ok().out().strip());

            docker.run("volume", "create", "-d", "dirvol", "data").ok();
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            docker.run("run", "--rm", "--network", "none", "-v", "data:/data", "busybox",
                    "sh", "-c", "echo hello > /data/greeting").ok();
            assertEquals("hello\n", Files.readString(volumes.resolve("data/greeting")));
            assertEquals(bundleVersion(exampleJar()), driverVersion(docker));

            Docker.Result disable = docker.run("plugin", "disable", name);
            assertNotEquals(0, disable.exitCode());
            assertTrue(disable.err().contains("plugin " + name + " is in use"), disable.err());
            Docker.Result rival = docker.run("plugin", "create", "localhost:" + registry.port + "/acme/rival:1.0",
                    v1.toString());
            assertNotEquals(0, rival.exitCode());
            assertTrue(rival.err().contains("volumedriver driver dirvol is already provided by plugin " + name),
                    rival.err());

            // upgraded in place while enabled and in use: the volume stays, the new bundle answers for it
            UnixHttp.Response upgrade = wharfd.http().send("POST", "/plugins/" + name + "/upgrade?remote="
                    + repo + ":2.0", "application/json", privileges(wharfd, repo + ":2.0"));
            assertEquals(200, upgrade.status(), upgrade.body());
            assertTrue(upgrade.body().contains("Downloaded newer image for " + repo + ":2.0"), upgrade.body());
            assertEquals("0.2.0", driverVersion(docker));
            assertEquals("hello\n", docker.run("run", "--rm", "--network", "none", "-v", "data:/data", "busybox",
                    "cat", "/data/greeting").ok().out());

            wharfd.stop();
            long restarted = System.currentTimeMillis() / 1000;
            wharfd.start(); // /plugins and the driver come back once the plugin manager has restored them
            awaitOutput(docker, "true " + repo + ":2.0 [root=" + volumes + "]",
                    "plugin", "inspect", "-f", "{{.Enabled}} {{.PluginReference}} {{.Settings.Env}}", name);
            awaitOutput(docker, "0.2.0", "volume", "inspect", "-f", "{{.Status.DriverVersion}}", "data");

            docker.run("volume", "rm", "data").ok();
            docker.run("plugin", "disable", name).ok();
            Docker.Result back = docker.run("plugin", "upgrade", "--grant-all-permissions", "--skip-remote-check",
                    name, name).ok(); // back to 1.0: the CLI asks first when the reference changes
            assertTrue(back.out().contains("Upgraded plugin " + name + " to " + name), back.out());
            docker.run("plugin", "rm", name).ok();
            assertEquals(0, docker.run("plugin", "ls", "-q").ok().lines().size());
            assertTrue(Files.notExists(volumes.resolve("data")));
            String until = Long.toString(System.currentTimeMillis() / 1000 + 1);
            assertEquals(List.of("disable " + name, "upgrade " + name, "remove " + name),
                    docker.run("events", "--since", Long.toString(restarted), "--until", until, "--filter",
                            "type=plugin", "--format", "{{.Action}} {{.Actor.Attributes.name}}").ok().lines());
        }
    }

    private static void refusesBadInputWithDockersErrorShape(UnixHttp http, String repo) throws IOException {
        String[][] cases = {
                {"GET", "/plugins/nope/json", "404", "plugin nope not found"},
                {"GET", "/plugins?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", "400", "invalid filter 'bogus'"},
                {"POST", "/plugins/pull", "400", "remote is required"},
                {"POST", "/plugins/create?name=acme/x", "400", "not a tar archive"},
                {"GET", "/plugins/privileges?remote=" + repo + ":nothing", "404", "manifest unknown"},
                {"POST", "/plugins/nope/enable", "404", "plugin nope not found"},
        };
        for (String[] c : cases) {
            UnixHttp.Response r = http.send(c[0], c[1], "application/x-tar",
                    c[0].equals("POST") ? "not a tar, not json".getBytes(StandardCharsets.UTF_8) : null);
            assertEquals(Integer.parseInt(c[2]), r.status(), c[1] + ": " + r.body());
            assertTrue(r.body().startsWith("{\"message\":") && r.body().contains(c[3]), c[1] + ": " + r.body());
        }
    }

    private static void awaitOutput(Docker docker, String expected, String... args) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Docker.Result last;
        do {
            last = docker.run(args);
            if (last.exitCode() == 0 && last.out().strip().equals(expected)) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, last.out().strip(), last.err());
    }

    private static String driverVersion(Docker docker) throws Exception {
        return docker.run("volume", "inspect", "-f", "{{.Status.DriverVersion}}", "data").ok().out().strip();
    }

    /** What the CLI sends as granted with --grant-all-permissions: what the daemon says the plugin asks for. */
    private static byte[] privileges(Wharfd wharfd, String remote) throws IOException {
        UnixHttp.Response asked = wharfd.http().get("/plugins/privileges?remote=" + remote);
        assertEquals(200, asked.status(), asked.body());
        assertTrue(asked.body().contains("\"engine-process\""), asked.body());
        return asked.body().getBytes(StandardCharsets.UTF_8);
    }

    private static String bundleVersion(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    /** docker plugin create's folder: the example's config.json and rootfs/ holding the bundle. */
    private Path context(String name, Path jar) throws IOException {
        Path dir = work.resolve("context-" + name);
        Files.createDirectories(dir.resolve("rootfs"));
        Files.copy(exampleDir().resolve("src/plugin/config.json"), dir.resolve("config.json"));
        Files.copy(jar, dir.resolve("rootfs/dirvol.jar"));
        return dir;
    }

    /** The same bundle with another Bundle-Version, which the driver reports: a second release to upgrade to. */
    private Path withBundleVersion(Path jar, String version) throws IOException {
        Path result = work.resolve("dirvol-" + version + ".jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream file = Files.newOutputStream(result);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return result;
    }

    private static Path exampleDir() {
        return Wharfd.distribution().resolve("../../../plugins-examples/dirvol-plugin").normalize();
    }

    private static Path exampleJar() throws IOException {
        try (Stream<Path> jars = Files.list(exampleDir().resolve("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("dirvol-plugin-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("build plugins-examples first"));
        }
    }
}
