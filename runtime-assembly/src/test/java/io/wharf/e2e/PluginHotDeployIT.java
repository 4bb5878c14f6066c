package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party bundle (plugins-examples/event-audit-log) dropped into the plugins folder of a running wharfd
 * starts there with its configuration, and stops when it is removed: no daemon restart.
 */
class PluginHotDeployIT {
    @TempDir
    Path work;

    @Test
    void aPluginDroppedIntoTheRunningDaemonStartsAndLeaves() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path audit = work.resolve("audit.jsonl");
        try (Wharfd wharfd = new Wharfd("plugins").withEnv("WHARF_PLUGINS_DIR", plugins.toString()).start()) {
            Docker docker = wharfd.docker();
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();

            Files.writeString(plugins.resolve("com.example.wharf.audit.cfg"), "file = " + audit + "\n");
            Files.copy(exampleJar(), plugins.resolve("event-audit-log.jar"));
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

    private static Path exampleJar() throws Exception {
        Path target = Wharfd.distribution().resolve("../../../plugins-examples/event-audit-log/target").normalize();
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("event-audit-log-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("build plugins-examples first"));
        }
    }
}
