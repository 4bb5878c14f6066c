package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's legacy plugin protocol with the docker CLI: the example volume plugin and authorization plugin of
 * plugins-examples/ (Python, written from Docker's documentation, no Wharf code) serve a wharfd that finds them
 * in private directories, and then, unchanged, Debian's dockerd (which finds them only in /run/docker/plugins:
 * they get unique names there and are removed afterwards). One scenario runs against both, so it checks the
 * protocol rather than Wharf's reading of it. Without dockerd the dockerd half is skipped, except in CI.
 */
class LegacyPluginsEndToEndIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("wharf.examples", "../plugins-examples"));
    private static final String PYTHON = "/usr/bin/python3";
    @TempDir
    static Path work;
    static Path rootfs;
    private static final List<Process> plugins = new ArrayList<>();
    private static final List<Path> published = new ArrayList<>();

    @BeforeAll
    static void busybox() throws Exception {
        rootfs = TestImages.busyboxRootfs(work);
    }

    @AfterAll
    static void stopPlugins() throws Exception {
        for (Process p : plugins) {
            p.destroy(); // SIGTERM: each plugin removes its socket
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (Path socket : published) {
            Files.deleteIfExists(socket);
        }
    }

    /** The two plugins of one daemon, named uniquely, with their files. */
    record Plugins(String volume, String authz, Path volumeRoot, Path authzLog) {
    }

    private static Plugins startPlugins(Path socketsDir, Path dir) throws Exception {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Plugins p = new Plugins("wharfit-dirvol-" + suffix, "wharfit-deny-" + suffix, dir.resolve("volumes"),
                dir.resolve("authz.jsonl"));
        Path volumeSocket = socketsDir.resolve(p.volume() + ".sock");
        Path authzSocket = socketsDir.resolve(p.authz() + ".sock");
        published.add(volumeSocket);
        published.add(authzSocket);
        launch(dir.resolve("dirvol.log"), PYTHON, EXAMPLES.resolve("volume-plugin-python/dirvol.py").toString(),
                "--socket", volumeSocket.toString(), "--root", p.volumeRoot().toString());
        launch(dir.resolve("denyauthz.log"), PYTHON, EXAMPLES.resolve("authz-plugin-python/denyauthz.py").toString(),
                "--socket", authzSocket.toString(), "--deny", "^DELETE /(v[0-9.]+/)?volumes/locked-",
                "--deny-label", "locked", "--log", p.authzLog().toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(volumeSocket) && Files.exists(authzSocket))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the plugins did not start: " + Files.readString(dir.resolve("dirvol.log"))
                        + Files.readString(dir.resolve("denyauthz.log")));
            }
            Thread.sleep(50);
        }
        return p;
    }

    private static void launch(Path log, String... cmd) throws IOException {
        plugins.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    @Test
    void volumeAndAuthorizationPluginsOnWharf() throws Exception {
        Path dir = Files.createDirectories(work.resolve("wharf"));
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Plugins p = startPlugins(sockets, dir);
        // the authorization plugin is found through a .spec file, the volume plugin through its socket
        Path authzSocket = sockets.resolve(p.authz() + ".sock");
        Path hidden = Files.createDirectories(dir.resolve("hidden")).resolve("authz.sock");
        Files.move(authzSocket, hidden);
        published.add(hidden);
        Files.writeString(specs.resolve(p.authz() + ".spec"), "unix://" + hidden + "\n");
        try (Wharfd wharfd = new Wharfd("legacyplug", "--authorization-plugin", p.authz())
                .withEnv("WHARF_PLUGIN_SOCKETS_DIR", sockets.toString())
                .withEnv("WHARF_PLUGIN_SPEC_DIRS", specs.toString())) {
            wharfd.start();
            scenario(wharfd.docker(), p);
        }
    }

    @Test
    void theSamePluginsOnDockerd() throws Exception {
        Path dir = Files.createDirectories(work.resolve("dockerd"));
        Plugins p = startPlugins(Files.createDirectories(Path.of("/run/docker/plugins")), dir);
        try (PrivateDockerd dockerd = PrivateDockerd.start("plugins", "--config-file",
                Files.writeString(dir.resolve("daemon.json"), "{}").toString(), "--authorization-plugin", p.authz())) {
            scenario(dockerd.docker(), p);
        }
    }

    /** What a user does with the two plugins, and what each daemon must answer. */
    private static void scenario(Docker docker, Plugins p) throws Exception {
        docker.run("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "busybox:latest").ok();

        assertEquals("pv1", docker.run("volume", "create", "-d", p.volume(), "-o", "color=blue", "pv1").ok().out().strip());
        assertTrue(docker.run("volume", "ls", "--format", "{{.Driver}} {{.Name}}").ok().lines()
                .contains(p.volume() + " pv1"));
        assertEquals(p.volume() + " " + p.volumeRoot().resolve("pv1/data") + " local",
                docker.run("volume", "inspect", "-f", "{{.Driver}} {{.Mountpoint}} {{.Scope}}", "pv1").ok().out().strip());

        // written in one container, read in another, kept in the plugin's directory
        docker.run("run", "--rm", "--network", "none", "-v", "pv1:/data", "busybox", "sh", "-c",
                "echo hello > /data/greeting").ok();
        assertEquals("hello", docker.run("run", "--rm", "--network", "none", "--mount",
                "type=volume,src=pv1,dst=/d,volume-driver=" + p.volume(), "busybox", "cat", "/d/greeting").ok().out().strip());
        assertEquals("hello\n", Files.readString(p.volumeRoot().resolve("pv1/data/greeting")));
        // a volume named by a container with --volume-driver is made by the plugin
        docker.run("run", "--rm", "--network", "none", "--volume-driver", p.volume(), "-v", "pv2:/x", "busybox",
                "touch", "/x/made").ok();
        assertTrue(Files.exists(p.volumeRoot().resolve("pv2/data/made")));

        docker.run("volume", "rm", "pv1", "pv2").ok();
        assertFalse(Files.exists(p.volumeRoot().resolve("pv1")));
        assertFalse(docker.run("volume", "ls", "-q").ok().lines().contains("pv1"));
        Docker.Result missing = docker.run("volume", "create", "-d", "wharfit-no-such-plugin", "nv");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("wharfit-no-such-plugin"), missing.err());
        // the plugin's own error (its Err), as dockerd shows it
        Docker.Result refused = docker.run("volume", "create", "-d", p.volume(), "a+b");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("Error response from daemon: create a+b: invalid volume name 'a+b'\n"),
                refused.err());

        // authorization: allowed, then denied with Docker's message
        docker.run("volume", "create", "-d", p.volume(), "locked-1").ok();
        Docker.Result deniedRm = docker.run("volume", "rm", "locked-1");
        assertNotEquals(0, deniedRm.exitCode());
        assertTrue(deniedRm.err().contains("Error response from daemon: authorization denied by plugin " + p.authz()
                + ": DELETE /"), deniedRm.err());
        assertTrue(docker.run("volume", "ls", "-q").ok().lines().contains("locked-1"), "the denied rm did nothing");
        docker.run("run", "--rm", "--network", "none", "--label", "team=a", "busybox", "true").ok();
        Docker.Result deniedRun = docker.run("run", "--rm", "--network", "none", "--label", "locked=yes", "busybox", "true");
        assertNotEquals(0, deniedRun.exitCode());
        assertTrue(deniedRun.err().contains("authorization denied by plugin " + p.authz()
                + ": containers labelled locked may not be created"), deniedRun.err());

        // the plugin saw the request bodies it needed and every answer's status
        String log = Files.readString(p.authzLog());
        assertTrue(log.contains("\"call\": \"AuthZReq\", \"method\": \"POST\""), log);
        assertTrue(log.matches("(?s).*\"call\": \"AuthZRes\", \"method\": \"GET\", \"uri\": \"/v[0-9.]+/volumes\", \"status\": 200.*"), log);
    }
}
