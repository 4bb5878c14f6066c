package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/wharfd's class archive ({@code lib/wharf.<JDK>.jsa}; from JDK 25 on the AOT cache {@code lib/wharf.<JDK>.aot}),
 * a third of the start time: recorded by a start that ran long enough, mapped by the next ones, and recorded again
 * when a jar changes, even while the recorder ran (the JVM would otherwise refuse the archive silently and every
 * start would be slow). Runs on a copy of the distribution, with the JVM bin/wharfd picks.
 */
class ClassArchiveEndToEndIT {
    /** Recorders run 1.5 s instead of 10 s before their archive counts as complete. */
    private static final String JAVA_OPTS = "-XX:+UseSerialGC -Dwharf.cds.min-run-ms=1500";
    private Path copy;
    /** The archive of the JVM bin/wharfd runs, read off the first recorder's command line. */
    private Path archive;
    private long recorderPid;
    private String javaHome;

    @BeforeEach
    void copyDistribution() throws Exception {
        copy = Files.createTempDirectory(Path.of("/tmp"), "wharf-cds-").resolve("wharf");
        Process cp = new ProcessBuilder("cp", "-a", Wharfd.distribution().toString(), copy.toString()).start();
        assertTrue(cp.waitFor() == 0, "copy of the distribution");
        try (Stream<Path> archives = Files.list(copy.resolve("lib"))) {
            for (Path p : archives.filter(p -> !p.getFileName().toString().endsWith(".jar")).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterEach
    void removeCopy() throws Exception {
        new ProcessBuilder("rm", "-rf", copy.getParent().toString()).start().waitFor();
    }

    /** The JVM bin/wharfd picks (here JDK 25: an AOT cache), and JDK 17 (a dynamic archive) where installed. */
    @ParameterizedTest(name = "JAVA_HOME={0}")
    @ValueSource(strings = {"", "/usr/lib/jvm/java-17-openjdk-amd64"})
    void recordedOnceUsedLaterAndRecordedAgainWhenAJarChangedWhileRecording(String javaHome) throws Exception {
        assumeTrue(javaHome.isEmpty() || Files.isExecutable(Path.of(javaHome, "bin/java")), "no " + javaHome);
        this.javaHome = javaHome;
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
            awaitFile(Path.of(archive + "." + afterRebuild.pid() + ".ok"), "the start after it records anew");
            assertFalse(Files.exists(Path.of(archive + "." + recorderPid + ".tmp.config")),
                    "what the stale recorder left is cleaned up");
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
            archive = recordedArchive(pid);
            assertFalse(mapsArchive(recorder), "a recording start maps no archive of its own");
            if (jarRebuiltMeanwhile != null) {
                Files.setLastModifiedTime(jarRebuiltMeanwhile, FileTime.from(Instant.now()));
            }
            awaitFile(Path.of(archive + "." + pid + ".ok"), "the recorder counts as complete");
        }
        Path written = Path.of(archive + "." + pid + ".tmp");
        if (jarRebuiltMeanwhile != null && archive.toString().endsWith(".aot")) {
            // JDK 25 assembles no AOT cache for a class path that changed (a dynamic archive is written, stale)
            assertFalse(Files.exists(written), "no AOT cache from a changed class path");
        } else {
            assertTrue(Files.isRegularFile(written), "the recorder wrote its archive as it exited");
        }
        recorderPid = pid;
    }

    private Wharfd daemon(String name) throws IOException {
        Wharfd daemon = new Wharfd(name, "--iptables=false").fromDistribution(copy)
                .withEnv("WHARF_JAVA_OPTS", JAVA_OPTS);
        return javaHome.isEmpty() ? daemon : daemon.withEnv("JAVA_HOME", javaHome);
    }

    private boolean mapsArchive(Wharfd daemon) throws IOException {
        return Files.readString(Path.of("/proc", String.valueOf(daemon.pid()), "maps"))
                .contains(archive.toString());
    }

    /** The archive a recording daemon writes (JDK 25 on: an AOT cache), without its ".PID.tmp". */
    private Path recordedArchive(long pid) throws IOException {
        for (String arg : Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).split("\0")) {
            for (String option : new String[] {"-XX:ArchiveClassesAtExit=", "-XX:AOTCacheOutput="}) {
                if (arg.startsWith(option)) {
                    String recorded = arg.substring(option.length());
                    assertTrue(recorded.startsWith(copy.resolve("lib/wharf.").toString())
                            && recorded.endsWith("." + pid + ".tmp"), recorded);
                    return Path.of(recorded.substring(0, recorded.length() - ("." + pid + ".tmp").length()));
                }
            }
        }
        throw new AssertionError("the first start records no class archive");
    }

    private static void awaitFile(Path file, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, what + ": waited 30 s for " + file);
            Thread.sleep(100);
        }
    }
}
