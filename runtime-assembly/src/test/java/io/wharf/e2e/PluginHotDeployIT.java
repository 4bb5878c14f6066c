package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party bundles (plugins-examples/event-audit-log, plugins-examples/volume-driver-inprocess) dropped into the
 * plugins folder of a running wharfd start there with their configuration, and stop when removed: no daemon restart.
 */
class PluginHotDeployIT {
    @TempDir
    Path work;

    @Test
    void aPluginDroppedIntoTheRunningDaemonStartsAndLeaves() throws Exception {
        Path plugins = work.resolve("plugins");
        Path audit = work.resolve("audit.jsonl");
        try (Wharfd wharfd = startWithBusybox("plugins", plugins)) {
            Docker docker = wharfd.docker();
            Files.writeString(plugins.resolve("com.example.wharf.audit.cfg"), "file = " + audit + "\n");
            Files.copy(exampleJar("event-audit-log", "event-audit-log"), plugins.resolve("event-audit-log.jar"));
            long deadline = System.currentTimeMillis() + 30_000;
            int n = 0;
            while (!(Files.exists(audit) && Files.readString(audit).contains("\"action\":\"tag\""))
                    && System.currentTimeMillis() < deadline) {
                docker.run("tag", "busybox", "probe:" + n++).ok();
                Thread.sleep(500);
            }
            assertTrue(Files.exists(audit) && Files.readString(audit).contains("\"action\":\"tag\""),
                    "the plugin did not start: " + wharfd.logText());

            Files.delete(plugins.resolve("event-audit-log.jar"));
            Thread.sleep(3000); // FileInstall polls once a second
            long lines = Files.readAllLines(audit).size();
            docker.run("tag", "busybox", "after:removal").ok();
            Thread.sleep(500);
            assertEquals(lines, Files.readAllLines(audit).size(), "the removed plugin still logs");
        }
    }

    /** The README of plugins-examples/volume-driver-inprocess, step by step. */
    @Test
    void anInProcessVolumeDriverDroppedIntoTheRunningDaemonServesVolumes() throws Exception {
        Path plugins = work.resolve("plugins");
        Path volumes = work.resolve("dir-volumes");
        try (Wharfd wharfd = startWithBusybox("plugvol", plugins)) {
            Docker docker = wharfd.docker();
            assertTrue(docker.run("volume", "create", "-d", "example-dir-volume", "early").exitCode() != 0,
                    "a driver that is not installed made a volume");

            Files.writeString(plugins.resolve("com.example.wharf.dirvolume.cfg"), "root = " + volumes + "\n");
            Files.copy(exampleJar("volume-driver-inprocess", "example-dir-volume"),
                    plugins.resolve("example-dir-volume.jar"));
            long deadline = System.currentTimeMillis() + 30_000;
            Docker.Result created = docker.run("volume", "create", "-d", "example-dir-volume", "notes");
            while (created.exitCode() != 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500); // FileInstall polls once a second
                created = docker.run("volume", "create", "-d", "example-dir-volume", "notes");
            }
            assertEquals("notes", created.ok().out().strip(), "the driver did not start: " + wharfd.logText());

            docker.run("run", "--rm", "--network", "none", "-v", "notes:/notes", "busybox",
                    "sh", "-c", "echo hello > /notes/greeting").ok();
            assertEquals("hello\n", Files.readString(volumes.resolve("notes/data/greeting")));
            assertEquals("example-dir-volume", docker.run("volume", "inspect", "-f", "{{.Driver}}", "notes").ok()
                    .out().strip());
            docker.run("volume", "rm", "notes").ok();
            assertTrue(Files.notExists(volumes.resolve("notes")), "the volume's directory is still there");
        }
    }

    /** A wharfd watching {@code plugins} (made here), with busybox imported. */
    private Wharfd startWithBusybox(String name, Path plugins) throws Exception {
        Files.createDirectories(plugins);
        Wharfd wharfd = new Wharfd(name).withEnv("WHARF_PLUGINS_DIR", plugins.toString()).start();
        try {
            wharfd.docker().run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            return wharfd;
        } catch (Exception | AssertionError e) {
            wharfd.close();
            throw e;
        }
    }

    static Path exampleJar(String module, String artifactId) throws Exception {
        Path target = Wharfd.distribution().resolve("../../../plugins-examples/" + module + "/target").normalize();
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches(artifactId + "-[0-9].*(?<!-tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("build plugins-examples first"));
        }
    }
}
