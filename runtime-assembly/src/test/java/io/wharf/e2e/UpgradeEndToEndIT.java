package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data root written by the Wharf of the commit before issue #14's first change (689d0a6, tag api-0.1.0: its
 * formats carry no version) is taken over by this Wharf: images, volumes and their data, a user network, a
 * running container (re-adopted, its published port still answering), a stopped one, logs and the build cache
 * all work, and every area then states the current format version. A data root a newer Wharf wrote is refused.
 */
class UpgradeEndToEndIT {
    /** main at the start of session 7; issue #14's first change (4f19dcf, wharfd -H fd://) came right after. */
    private static final String OLD_COMMIT = "689d0a619c2021db2fa34d68892e36a91b066525";
    private static final String DOCKERFILE = "FROM upgrade/busybox:old\nRUN echo built > /built\n";

    @TempDir
    Path work;

    @Test
    void aDataRootOfTheReleaseBeforeVersionedFormatsIsMigratedAndEverythingWorks() throws Exception {
        Path old = OldDistribution.of(OLD_COMMIT);
        try (Wharfd wharfd = new Wharfd("upgrade")) {
            wharfd.fromDistribution(old).start();
            Docker docker = wharfd.docker();
            Before before = populate(docker);
            assertEquals(0, wharfd.stop());
            assertEquals(List.of(), versionFiles(wharfd.dataRoot), "the old Wharf wrote no format versions");

            wharfd.fromDistribution(Wharfd.distribution()).start();

            assertEverythingWorks(docker, before);
            assertCurrentVersions(wharfd.dataRoot);
        }
    }

    @Test
    void aDataRootANewerWharfWroteIsRefusedAndLeftAsItWas() throws Exception {
        try (Wharfd wharfd = new Wharfd("newer", "--storage-driver", "vfs")) {
            wharfd.start();
            wharfd.docker().run("volume", "create", "kept").ok();
            assertEquals(0, wharfd.stop());
            Path versionFile = wharfd.dataRoot.resolve("volumes-meta").resolve(FormatVersion.FILE_NAME);
            int current = FormatVersion.Area.VOLUMES.current();
            assertEquals(current + "\n", Files.readString(versionFile));
            Files.writeString(versionFile, (current + 1) + "\n");
            byte[] record = Files.readAllBytes(wharfd.dataRoot.resolve("volumes-meta/kept.json"));

            Docker.Result refused = wharfd.startExpectingFailure();

            assertEquals(1, refused.exitCode(), refused.out());
            assertTrue(refused.out().contains("data root area volumes (" + versionFile.getParent() + ") has format"
                    + " version " + (current + 1) + ", newer than version " + current), refused.out());
            assertEquals((current + 1) + "\n", Files.readString(versionFile));
            assertTrue(java.util.Arrays.equals(record,
                    Files.readAllBytes(wharfd.dataRoot.resolve("volumes-meta/kept.json"))), "left as it was");
        }
    }

    /** What the containers of the old daemon looked like from outside. */
    private record Before(String webPid, String webPort) {
    }

    private Before populate(Docker docker) throws Exception {
        docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
        docker.run("tag", "busybox", "upgrade/busybox:old").ok();
        docker.run("volume", "create", "data").ok();
        docker.run("run", "--rm", "-v", "data:/data", "busybox", "sh", "-c", "echo kept > /data/f").ok();
        docker.run("network", "create", "upnet").ok();
        docker.run("run", "-d", "--name", "web", "--network", "upnet", "-p", "127.0.0.1::80",
                "--restart", "unless-stopped", "busybox", "sh", "-c",
                "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 80 -h /www").ok();
        docker.run("run", "--name", "talker", "busybox", "sh", "-c", "for i in 1 2 3; do echo line$i; done").ok();
        docker.run("create", "--name", "stopped", "busybox", "echo", "from-stopped").ok();
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        docker.run("build", "-t", "upgrade/built", context.toString()).ok();
        String port = docker.run("port", "web", "80").ok().out().strip();
        assertEquals("served", get(port));
        return new Before(inspect(docker, "web", "{{.State.Pid}}"), port);
    }

    private void assertEverythingWorks(Docker docker, Before before) throws Exception {
        assertEquals("true unless-stopped " + before.webPid(),
                inspect(docker, "web", "{{.State.Running}} {{.HostConfig.RestartPolicy.Name}} {{.State.Pid}}"),
                "the running container is re-adopted, not restarted");
        assertEquals(before.webPort(), docker.run("port", "web", "80").ok().out().strip());
        assertEquals("served", get(before.webPort()));
        assertEquals("line1\nline2\nline3\n", docker.run("logs", "talker").ok().out());
        assertEquals("exited 0", inspect(docker, "talker", "{{.State.Status}} {{.State.ExitCode}}"));
        assertEquals("from-stopped\n", docker.run("start", "-a", "stopped").ok().out());
        assertEquals("kept\n", docker.run("run", "--rm", "-v", "data:/data", "busybox", "cat", "/data/f").ok().out());
        assertEquals("local", docker.run("volume", "inspect", "-f", "{{.Driver}}", "data").ok().out().strip());
        assertEquals("served", docker.run("run", "--rm", "--network", "upnet", "busybox", "sh", "-c",
                TestImages.httpGetScript("web")).ok().out().strip(), "the network still resolves and carries");
        assertEquals("built\n", docker.run("run", "--rm", "upgrade/built", "cat", "/built").ok().out());
        String rebuild = docker.run("build", "-t", "upgrade/built", work.resolve("context").toString()).ok().out();
        assertTrue(rebuild.contains(" ---> Using cache"), "the migrated build cache still hits:\n" + rebuild);
        assertTrue(docker.run("system", "df", "-v").ok().out().contains("Build cache usage"));
    }

    private static void assertCurrentVersions(Path dataRoot) throws IOException {
        List<String> expected = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Path file : versionFiles(dataRoot)) {
            Path area = dataRoot.relativize(file.getParent());
            found.add(area + "=" + FormatVersion.read(file.getParent()));
            expected.add(area + "=" + areaOf(area).current());
        }
        assertEquals(expected, found);
        for (String area : List.of("containers", "network", "volumes-meta", "volumes", "builder", "distribution",
                "plugins")) {
            assertTrue(found.stream().anyMatch(f -> f.startsWith(area + "=")), area + " has a version: " + found);
        }
        assertTrue(found.stream().anyMatch(f -> f.startsWith("image/")), "the image store has one: " + found);
    }

    private static FormatVersion.Area areaOf(Path relative) {
        String path = relative.getNameCount() == 2 ? relative.getName(0) + "/*" : relative.toString();
        for (FormatVersion.Area area : FormatVersion.Area.values()) {
            if (area.path().equals(path)) {
                return area;
            }
        }
        throw new AssertionError("a version file outside the known areas: " + relative);
    }

    private static List<Path> versionFiles(Path dataRoot) throws IOException {
        try (Stream<Path> files = Files.walk(dataRoot, 3)) {
            return files.filter(f -> f.getFileName().toString().equals(FormatVersion.FILE_NAME)).sorted().toList();
        }
    }

    private static String inspect(Docker docker, String container, String format) throws Exception {
        return docker.run("inspect", "-f", format, container).ok().out().strip();
    }

    private static String get(String hostPort) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + hostPort + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(answer.statusCode() >= 400, "status " + answer.statusCode());
        return answer.body().strip();
    }
}
