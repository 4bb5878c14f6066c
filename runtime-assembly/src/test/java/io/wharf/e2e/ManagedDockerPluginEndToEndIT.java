package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Docker managed (v2) plugin with the real CLI: plugins-examples/volume-plugin-python packaged as Docker's docs
 * say (config.json, rootfs/ with only the script; the host's /usr, /lib and /lib64 bound read-only, network none,
 * its volumes in its propagated mount), created, pushed to Debian's docker-registry, removed, installed from it
 * with the privileges granted, used by a container through a volume, disable refused while the volume exists,
 * disabled and enabled again, kept enabled over a daemon restart (its container adopted), set and upgraded
 * while disabled (the volume kept), and removed leaving no container, socket or files. The same steps (but the
 * restart) run against Debian's dockerd, so they prove the packaging and the protocol, not Wharf's reading of
 * them. plugins-examples/log-plugin-python, packaged the same way, gets a container's output through the FIFO the
 * daemon makes in its root, under both daemons too.
 */
class ManagedDockerPluginEndToEndIT {
    @TempDir
    Path work;

    @Test
    void aPythonVolumePluginIsPushedInstalledUsedRestartedAndRemovedAsDockerDoes() throws Exception {
        Path pluginDir = pluginDirectory("myvol");
        Path upgradeDir = pluginDirectory("myvol2");
        Files.writeString(upgradeDir.resolve("rootfs/VERSION"), "2\n");
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null);
             Wharfd wharfd = new Wharfd("dplug")) {
            wharfd.start();
            Docker docker = wharfd.docker();
            String name = "localhost:" + registry.port + "/acme/myvol:1.0";
            String upgrade = "localhost:" + registry.port + "/acme/myvol:2.0";
            try {
                docker.run("plugin", "create", upgrade, upgradeDir.toString()).ok();
                docker.run("plugin", "push", upgrade).ok();
                docker.run("plugin", "rm", upgrade).ok();
                String id = publishAndInstall(docker, name, pluginDir);
                useVolume(docker, name);
                Path propagated = wharfd.dataRoot.resolve("plugins").resolve(id).resolve("propagated-mount");
                assertEquals("hi\n", Files.readString(propagated.resolve("v1/data/f")), "kept by the plugin");
                assertEquals(propagated.resolve("v1/data").toString(),
                        docker.run("volume", "inspect", "-f", "{{.Mountpoint}}", "v1").ok().out().strip());

                disableRefusedInUseThenForced(docker, name);
                assertFalse(Files.exists(wharfd.execRoot.resolve("plugins").resolve(id.substring(0, 12))),
                        "its socket directory goes with it");
                assertTrue(noProcessMentions(id), "its container is stopped");
                docker.run("plugin", "enable", name).ok();
                assertEquals("hi\n", readBack(docker));

                wharfd.stop();
                assertTrue(processMentions(id), "a plugin runs on while the daemon restarts");
                wharfd.start();
                assertEquals("true", docker.run("plugin", "inspect", "-f", "{{.Enabled}}", name).ok().out().strip());
                assertEquals("hi\n", readBack(docker));

                Docker.Result active = docker.run("plugin", "set", name, "GREETING=hello");
                assertTrue(active.err().contains("cannot set on an active plugin"), active.err());
                docker.run("plugin", "disable", "-f", name).ok();
                docker.run("plugin", "set", name, "GREETING=hello").ok();
                Docker.Result upgraded = docker.run("plugin", "upgrade", "--grant-all-permissions",
                        "--skip-remote-check", name, upgrade).ok();
                assertTrue(upgraded.out().contains("Upgraded plugin " + name + " to " + upgrade), upgraded.out());
                assertEquals("2\n", Files.readString(wharfd.dataRoot.resolve("plugins").resolve(id)
                        .resolve("rootfs/VERSION")), "the new root file system");
                docker.run("plugin", "enable", name).ok();
                assertEquals(upgrade + " [GREETING=hello]", docker.run("plugin", "inspect", "-f",
                        "{{.PluginReference}} {{.Settings.Env}}", name).ok().out().strip());
                assertEquals("hi\n", readBack(docker), "the volume outlives the upgrade");

                removeAll(docker, name);
                assertTrue(noProcessMentions(id), "no container is left");
                assertFalse(Files.exists(wharfd.dataRoot.resolve("plugins").resolve(id)), "no files are left");
                try (Stream<Path> left = Files.list(wharfd.execRoot.resolve("plugins"))) {
                    assertEquals(0, left.count(), "no socket is left");
                }
                assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(id), "no mount is left");
            } finally {
                docker.run("plugin", "rm", "-f", name); // a failed run leaves no plugin container behind
            }
        }
    }

    @Test
    void theSamePluginRunsUnderDebiansDockerd() throws Exception {
        Path pluginDir = pluginDirectory("myvol");
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null);
             TestDockerd dockerd = TestDockerd.start("dplug")) {
            Docker docker = dockerd.docker();
            String name = "localhost:" + registry.port + "/acme/myvol:1.0";
            try {
                publishAndInstall(docker, name, pluginDir);
                useVolume(docker, name);
                disableRefusedInUseThenForced(docker, name);
                docker.run("plugin", "enable", name).ok();
                assertEquals("hi\n", readBack(docker));
                removeAll(docker, name);
            } finally {
                docker.run("plugin", "rm", "-f", name);
            }
        }
    }

    @Test
    void aPythonLogPluginGetsTheContainersOutputThroughAFifoInItsRoot() throws Exception {
        try (Wharfd wharfd = new Wharfd("dlog")) {
            wharfd.start();
            logPluginScenario(wharfd.docker());
        }
    }

    @Test
    void theSameLogPluginRunsUnderDebiansDockerd() throws Exception {
        try (TestDockerd dockerd = TestDockerd.start("dlog")) {
            logPluginScenario(dockerd.docker());
        }
    }

    /**
     * plugins-examples/log-plugin-python as a managed plugin (created from a folder, enabled), its output file in
     * a host directory bound into it: a container's line reaches it through the FIFO the daemon made in the
     * plugin's root.
     */
    private void logPluginScenario(Docker docker) throws Exception {
        Path out = Files.createDirectories(work.resolve("logout"));
        Path dir = work.resolve("filelog");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.copy(ExamplePlugins.EXAMPLES.resolve("log-plugin-python/filelog.py"), rootfs.resolve("filelog.py"));
        Files.createDirectories(rootfs.resolve("run/docker/plugins"));
        Files.writeString(dir.resolve("config.json"), """
                {
                  "description": "filelog: container output as JSON lines, as a Docker managed plugin",
                  "entrypoint": ["/usr/bin/python3", "/filelog.py", "--socket", "/run/docker/plugins/filelog.sock",
                                 "--out", "/out/log.jsonl"],
                  "interface": {"types": ["docker.logdriver/1.0"], "socket": "filelog.sock"},
                  "network": {"type": "none"},
                  "mounts": [
                    %s,
                    {"source": "%s", "destination": "/out", "type": "bind", "options": ["rbind", "rw"]}
                  ]
                }
                """.formatted(ExamplePlugins.HOST_PYTHON_MOUNTS, out));
        String name = "acme/filelog:1.0";
        try {
            docker.run("plugin", "create", name, dir.toString()).ok();
            docker.run("plugin", "enable", name).ok();
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            docker.run("run", "--rm", "--network", "none", "--log-driver", name, "busybox",
                    "echo", "hello-managed-log").ok();
            Path log = out.resolve("log.jsonl");
            for (int i = 0; i < 100 && !(Files.exists(log) && Files.readString(log).contains("hello-managed-log"));
                 i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(log) && Files.readString(log).contains("\"line\": \"hello-managed-log\""),
                    Files.exists(log) ? Files.readString(log) : "no log file");
            docker.run("plugin", "disable", name).ok();
            docker.run("plugin", "rm", name).ok();
        } finally {
            docker.run("plugin", "rm", "-f", name);
        }
    }

    /** create from the folder, push, rm, and install from the registry: the plugin is enabled; its id. */
    private static String publishAndInstall(Docker docker, String name, Path pluginDir)
            throws IOException, InterruptedException {
        docker.run("plugin", "create", name, pluginDir.toString()).ok();
        docker.run("plugin", "push", name).ok();
        docker.run("plugin", "rm", name).ok();
        Docker.Result installed = docker.run("plugin", "install", "--grant-all-permissions", name).ok();
        assertTrue(installed.out().contains("Installed plugin " + name), installed.out());
        assertEquals("true [docker.volumedriver/1.0]", docker.run("plugin", "inspect", "-f",
                "{{.Enabled}} {{.Config.Interface.Types}}", name).ok().out().strip());
        return docker.run("plugin", "inspect", "-f", "{{.Id}}", name).ok().out().strip();
    }

    /** A volume of the plugin, written by one container and read by another. */
    private void useVolume(Docker docker, String driver) throws IOException, InterruptedException {
        docker.run("volume", "create", "-d", driver, "v1").ok();
        docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        docker.run("run", "--rm", "--network", "none", "-v", "v1:/data", "busybox",
                "sh", "-c", "echo hi > /data/f").ok();
        assertEquals("hi\n", readBack(docker));
    }

    private static void disableRefusedInUseThenForced(Docker docker, String name)
            throws IOException, InterruptedException {
        Docker.Result refused = docker.run("plugin", "disable", name);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("plugin " + name + " is in use"), refused.err());
        docker.run("plugin", "disable", "-f", name).ok();
    }

    private static void removeAll(Docker docker, String name) throws IOException, InterruptedException {
        docker.run("volume", "rm", "v1").ok();
        docker.run("plugin", "disable", name).ok();
        docker.run("plugin", "rm", name).ok();
        assertEquals(0, docker.run("plugin", "ls", "-q").ok().lines().size());
    }

    private static String readBack(Docker docker) throws IOException, InterruptedException {
        return docker.run("run", "--rm", "--network", "none", "-v", "v1:/data", "busybox", "cat", "/data/f").ok()
                .out();
    }

    /** Waits up to 10 s for the plugin's monitor to exit after its container. */
    private static boolean noProcessMentions(String id) throws IOException, InterruptedException {
        for (int i = 0; i < 100 && processMentions(id); i++) {
            Thread.sleep(100);
        }
        return !processMentions(id);
    }

    /** True while a process (the plugin's monitor names its container) mentions the plugin's id. */
    private static boolean processMentions(String id) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).anyMatch(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(id);
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    /** The plugin as its author packages it for docker plugin create: config.json and a rootfs of one script. */
    private Path pluginDirectory(String name) throws IOException {
        Path dir = ExamplePlugins.managedPluginFolder(work.resolve(name), "volume-plugin-python/dirvol.py", """
                {
                  "description": "dirvol: volumes as directories, as a Docker managed plugin",
                  "documentation": "plugins-examples/volume-plugin-python/README.md",
                  "entrypoint": ["/usr/bin/python3", "/dirvol.py", "--socket", "/run/docker/plugins/dirvol.sock",
                                 "--root", "/mnt/volumes"],
                  "interface": {"types": ["docker.volumedriver/1.0"], "socket": "dirvol.sock"},
                  "network": {"type": "none"},
                  "env": [{"name": "GREETING", "description": "unused: shows docker plugin set", "value": "",
                           "settable": ["value"]}],
                  "propagatedMount": "/mnt/volumes",
                  "mounts": [
                    %s
                  ]
                }
                """.formatted(ExamplePlugins.HOST_PYTHON_MOUNTS));
        Files.createDirectories(dir.resolve("rootfs/mnt/volumes"));
        return dir;
    }
}
