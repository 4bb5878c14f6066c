package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/wharfd's choice of JVM and of its class archive, run against fake JDKs whose {@code java} prints how it was
 * called: the newest JDK of release 17 or later, an AOT cache from release 25 on, one archive per JVM.
 */
class WharfdScriptTest {
    private static final Path SCRIPT = Path.of("src/main/dist/bin/wharfd");
    private static final Pattern RECORDER = Pattern.compile("\\.(\\d+)\\.tmp ");

    @TempDir
    Path tmp;
    private Path home;
    private Path jvms;

    @BeforeEach
    void distribution() throws IOException {
        home = tmp.resolve("wharf");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(SCRIPT, home.resolve("bin/wharfd"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib/wharf-runtime-assembly.jar"), "");
        Files.createDirectories(home.resolve("bundles/1"));
        Files.createDirectories(home.resolve("plugins"));
        jvms = Files.createDirectories(tmp.resolve("jvm"));
    }

    @Test
    void theNewestJdkOfRelease17OrLaterRuns() throws Exception {
        fakeJdk("jdk-11", "11.0.2");
        fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-25", "25.0.3");
        fakeJdk("java-8", "1.8.0_392");
        Files.createDirectories(jvms.resolve("jdk-26-without-java"));
        Files.writeString(jvms.resolve("jdk-26-without-java/release"), "JAVA_VERSION=\"26\"\n");

        assertTrue(run(Map.of()).startsWith(jvms.resolve("jdk-25/bin/java") + " "));
    }

    @Test
    void theNewestJdkOfSeveralFoldersRuns() throws Exception {
        fakeJdk("jdk-17", "17.0.15");
        Path other = tmp.resolve("opt-jvm");
        fakeJdk(other.resolve("jdk-21"), "21.0.1");

        assertTrue(run(Map.of("WHARF_JVM_DIRS", jvms + " " + other))
                .startsWith(other.resolve("jdk-21/bin/java") + " "));
    }

    @Test
    void javaHomeWinsOverANewerJdk() throws Exception {
        fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-25", "25.0.3");

        assertTrue(run(Map.of("JAVA_HOME", jvms.resolve("jdk-17").toString()))
                .startsWith(jvms.resolve("jdk-17/bin/java") + " "));
    }

    @Test
    void withoutASuitableJdkTheJavaOnThePathRuns() throws Exception {
        fakeJdk("jdk-11", "11.0.2");
        Path onPath = fakeJdk(tmp.resolve("elsewhere/jdk"), "17.0.15").resolve("bin");

        String call = run(Map.of("PATH", onPath + ":/usr/bin:/bin"));

        assertTrue(call.startsWith(onPath.resolve("java") + " "), call);
        assertTrue(call.contains("-XX:ArchiveClassesAtExit=" + home.resolve("lib/wharf.jdk.jsa.")), call);
    }

    @Test
    void jdk25RecordsAnAotCacheThatTheNextStartUses() throws Exception {
        fakeJdk("jdk-25", "25.0.3");
        Path archive = home.resolve("lib/wharf.jdk-25.aot");

        String recording = run(Map.of());
        assertTrue(recording.contains(" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED "),
                recording);
        String recorder = recorderOf(recording);
        assertTrue(recording.contains(" -XX:AOTCacheOutput=" + archive + "." + recorder + ".tmp "), recording);
        finishRecording(archive, recorder);

        String using = run(Map.of());
        assertTrue(Files.isRegularFile(archive), "the recorded cache is put in place");
        assertTrue(using.contains(" -XX:AOTCache=" + archive + " "), using);
        assertFalse(using.contains("AOTCacheOutput"), using);
    }

    @Test
    void eachJvmHasItsOwnArchive() throws Exception {
        fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-25", "25.0.3");
        Map<String, String> with17 = Map.of("JAVA_HOME", jvms.resolve("jdk-17").toString());
        Path archive17 = home.resolve("lib/wharf.jdk-17.jsa");
        String recording = run(with17);
        assertTrue(recording.contains(" -XX:ArchiveClassesAtExit=" + archive17 + "."), recording);
        finishRecording(archive17, recorderOf(recording));
        assertTrue(run(with17).contains(" -XX:SharedArchiveFile=" + archive17 + " "));

        String newest = run(Map.of());

        assertTrue(newest.contains(" -XX:AOTCacheOutput=" + home.resolve("lib/wharf.jdk-25.aot.")), newest);
        assertFalse(newest.contains(archive17.toString()), "JDK 25 is not handed JDK 17's archive: " + newest);
        assertTrue(Files.isRegularFile(archive17), "and JDK 17's archive stays for JDK 17");
    }

    @Test
    void anArchiveOlderThanAJarIsRecordedAgain() throws Exception {
        fakeJdk("jdk-25", "25.0.3");
        Path archive = home.resolve("lib/wharf.jdk-25.aot");
        finishRecording(archive, recorderOf(run(Map.of())));
        run(Map.of());
        Files.setLastModifiedTime(home.resolve("lib/wharf-runtime-assembly.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        String next = run(Map.of());

        assertTrue(next.contains(" -XX:AOTCacheOutput=" + archive + "."), next);
        assertFalse(Files.exists(archive), "the stale cache is gone");
    }

    /** What the recorder leaves once it came up, ran and exited: its archive and its completion mark. */
    private static void finishRecording(Path archive, String recorder) throws IOException {
        Files.writeString(Path.of(archive + "." + recorder + ".tmp"), "archive");
        Files.writeString(Path.of(archive + "." + recorder + ".ok"), "");
        assertTrue(Files.exists(Path.of(archive + "." + recorder + ".start")), "the script dated the recording");
    }

    private static String recorderOf(String call) {
        Matcher m = RECORDER.matcher(call);
        assertTrue(m.find(), "a recording start: " + call);
        return m.group(1);
    }

    /** A JDK folder with a release file and a java that prints its name and arguments. */
    private Path fakeJdk(String name, String version) throws IOException {
        return fakeJdk(jvms.resolve(name), version);
    }

    private static Path fakeJdk(Path folder, String version) throws IOException {
        Path jdk = Files.createDirectories(folder);
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$0 $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    /** Runs bin/wharfd with the fake JDKs and returns the java command line it ran. */
    private String run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/wharfd").toString(), "-H", "unix:///none.sock")
                .redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("WHARF_NO_CDS");
        pb.environment().put("WHARF_JVM_DIRS", jvms.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
