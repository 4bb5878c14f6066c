package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/wharfd's class data sharing archive (lib/wharf.jsa), a third of the start time: recorded by a start that ran
 * long enough, mapped by the next ones, and recorded again when a jar changes, even while the recorder ran (the JVM
 * would otherwise refuse the archive silently and every start would be slow). Runs on a copy of the distribution.
 */
class ClassArchiveEndToEndIT {
    /** Recorders run 1.5 s instead of 10 s before their archive counts as complete. */
    private static final String JAVA_OPTS = "-XX:+UseSerialGC -Dwharf.cds.min-run-ms=1500";
    private Path copy;

    @BeforeEach
    void copyDistribution() throws Exception {
        copy = Files.createTempDirectory(Path.of("/tmp"), "wharf-cds-").resolve("wharf");
        Process cp = new ProcessBuilder("cp", "-a", Wharfd.distribution().toString(), copy.toString()).start();
        assertTrue(cp.waitFor() == 0, "copy of the distribution");
        try (Stream<Path> archives = Files.list(copy.resolve("lib"))) {
            for (Path p : archives.filter(p -> p.getFileName().toString().startsWith("wharf.jsa")).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterEach
    void removeCopy() throws Exception {
        new ProcessBuilder("rm", "-rf", copy.getParent().toString()).start().waitFor();
    }

    @Test
    void recordedOnceUsedLaterAndRecordedAgainWhenAJarChangedWhileRecording() throws Exception {
        Path archive = copy.resolve("lib/wharf.jsa");

        // a first start records; the next one puts the archive in place and maps it
        runRecorder(null);
        try (Wharfd second = daemon("cds-use").start()) {
            assertTrue(Files.isRegularFile(archive), "archive kept from a recorder that came up and ran");
            assertTrue(mapsArchive(second), "second start maps " + archive);
        }

        // a jar rebuilt while the recorder runs makes its archive stale: the next start records again
        Files.delete(archive);
        runRecorder(copy.resolve("lib/wharf-runtime-assembly.jar"));
        try (Wharfd afterRebuild = daemon("cds-stale").start()) {
            assertFalse(mapsArchive(afterRebuild), "a stale archive is not mapped");
            awaitFile(copy.resolve("lib/wharf.jsa." + afterRebuild.pid() + ".ok"), "the start after it records anew");
        }
        try (Wharfd fresh = daemon("cds-fresh").start()) {
            assertTrue(mapsArchive(fresh), "the archive recorded after the rebuild is mapped");
        }
    }

    /** Starts a recording daemon, optionally touches a jar while it runs, waits until its archive counts. */
    private void runRecorder(Path jarRebuiltMeanwhile) throws Exception {
        long pid;
        try (Wharfd recorder = daemon("cds-record").start()) {
            pid = recorder.pid();
            assertFalse(mapsArchive(recorder), "a recording start maps no archive of its own");
            if (jarRebuiltMeanwhile != null) {
                Files.setLastModifiedTime(jarRebuiltMeanwhile, FileTime.from(Instant.now()));
            }
            awaitFile(copy.resolve("lib/wharf.jsa." + pid + ".ok"), "the recorder counts as complete");
        }
        assertTrue(Files.isRegularFile(copy.resolve("lib/wharf.jsa." + pid + ".tmp")),
                "the recorder wrote its archive as it exited");
    }

    private Wharfd daemon(String name) throws IOException {
        return new Wharfd(name, "--iptables=false").fromDistribution(copy).withEnv("WHARF_JAVA_OPTS", JAVA_OPTS);
    }

    private boolean mapsArchive(Wharfd daemon) throws IOException {
        return Files.readString(Path.of("/proc", String.valueOf(daemon.pid()), "maps"))
                .contains(copy.resolve("lib/wharf.jsa").toString());
    }

    private static void awaitFile(Path file, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, what + ": waited 30 s for " + file);
            Thread.sleep(100);
        }
    }
}
