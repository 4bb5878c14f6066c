package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker cp against a hostile running container (CVE-2018-15664): a process inside swaps a directory and a
 * symbolic link to a host path as fast as it can while the daemon copies into and out of that directory. The
 * daemon runs with the freeze during copies switched off, so the descriptor-based file access alone must keep
 * every copy inside the container. Also: read-only root filesystems and mounts, and hard links across mounts.
 */
class CopyEscapeEndToEndIT {
    private static final int COPIES = 600;
    private static final String SECRET = "host-secret-" + ProcessHandle.current().pid();

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static Path swapper;
    Path escapeTarget;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("cp").withEnv("WHARF_TEST_CP_WITHOUT_FREEZE", "1").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        swapper = Attackers.compile("swap-loop", work);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @AfterEach
    void removeContainers() throws Exception {
        docker.run("rm", "-f", "racer", "confined");
        if (escapeTarget != null) {
            try (Stream<Path> files = Files.walk(escapeTarget)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A container swapping /x/d (a directory) and /x/d.lnk (a link to the host's {@link #escapeTarget}). */
    private void startRacer() throws Exception {
        escapeTarget = Files.createTempDirectory(Path.of("/tmp"), "wharf-escape-");
        docker.run("create", "--name", "racer", "--network", "none", "busybox", "sh", "-c",
                "mkdir -p /x/d && echo inside > /x/d/own-file && ln -s " + escapeTarget
                        + " /x/d.lnk && exec /swap-loop /x/d /x/d.lnk").ok();
        docker.run("cp", swapper.toString(), "racer:/swap-loop").ok();
        docker.run("start", "racer").ok();
        for (int i = 0; i < 100 && !docker.run("top", "racer").out().contains("swap-loop"); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void copiesIntoARacingContainerNeverWriteToTheHost() throws Exception {
        startRacer();
        int landed = 0;
        String unexpected = null;
        for (int i = 0; i < COPIES; i++) {
            String outcome;
            try {
                UnixHttp.Response put = wharfd.http().send("PUT", "/v1.50/containers/racer/archive?path=/x/d",
                        "application/x-tar", tarWithFile("pwned-" + i, "written by the daemon"));
                outcome = put.status() + ": " + put.body();
            } catch (IOException e) {
                outcome = "refused early: " + e; // the daemon answered 404 and closed before the body was sent
            }
            assertEquals(List.of(), hostFiles(), "a copy into the container wrote to the host (copy " + i + ")");
            if (outcome.startsWith("200")) {
                landed++;
            } else if (!outcome.startsWith("404") && !outcome.startsWith("400") && !outcome.startsWith("refused")
                    && unexpected == null) {
                // 404 or 400: the directory was the link at that moment, so not found in the container
                unexpected = outcome;
            }
        }
        assertEquals(null, unexpected, "a copy failed otherwise than the client's way");
        assertTrue(landed > 0, "no copy reached the racing directory at all: the race was not exercised");
        docker.run("kill", "racer").ok(); // the swapper stops, so the directory holds still to be counted
        UnixHttp.Response x = wharfd.http().get("/v1.50/containers/racer/archive?path=/x");
        assertEquals(landed, x.body().split("pwned-").length - 1, "every accepted copy is inside the container");
    }

    @Test
    void copiesOutOfARacingContainerNeverReadTheHost() throws Exception {
        startRacer();
        Files.writeString(escapeTarget.resolve(SECRET), SECRET + " content");
        int archived = 0;
        for (int i = 0; i < COPIES; i++) {
            UnixHttp.Response get = wharfd.http().get("/v1.50/containers/racer/archive?path=/x/d");
            assertFalse(get.body().contains(SECRET), "a copy out of the container read the host (copy " + i + ")");
            if (get.status() == 200 && get.body().contains("own-file")) {
                archived++;
            }
        }
        assertTrue(archived > 0, "no copy read the racing directory at all: the race was not exercised");
    }

    @Test
    void exportAndDiffOfARacingContainerNeverReadTheHost() throws Exception {
        startRacer();
        Files.writeString(escapeTarget.resolve(SECRET), SECRET + " content");
        int walkedIntoX = 0;
        for (int i = 0; i < COPIES / 4; i++) {
            UnixHttp.Response export = wharfd.http().get("/v1.50/containers/racer/export");
            assertEquals(200, export.status());
            assertFalse(export.body().contains(SECRET), "an export of the container read the host (export " + i + ")");
            UnixHttp.Response diff = wharfd.http().get("/v1.50/containers/racer/changes");
            assertFalse(diff.body().contains(SECRET), "a diff of the container listed the host (diff " + i + ")");
            if (export.body().contains("own-file")) {
                walkedIntoX++;
            }
        }
        assertTrue(walkedIntoX > 0, "no export went into the racing directory: the race was not exercised");
    }

    @Test
    void readOnlyRootAndMountsRefuseCopies() throws Exception {
        Path hostDir = Files.createDirectories(work.resolve("ro-source"));
        Files.writeString(hostDir.resolve("kept"), "host file");
        docker.run("run", "-d", "--name", "confined", "--network", "none", "--read-only", "-v",
                hostDir + ":/ro:ro", "-v", "scratch:/rw", "busybox", "sleep", "600").ok();
        Path file = Files.writeString(work.resolve("payload"), "payload");

        Docker.Result intoRoot = docker.run("cp", file.toString(), "confined:/tmp/");
        assertNotEquals(0, intoRoot.exitCode());
        assertTrue(intoRoot.err().contains("container rootfs is marked read-only"), intoRoot.err());
        Docker.Result intoReadOnlyMount = docker.run("cp", file.toString(), "confined:/ro/");
        assertNotEquals(0, intoReadOnlyMount.exitCode());
        assertTrue(intoReadOnlyMount.err().contains("mounted volume is marked read-only"), intoReadOnlyMount.err());
        docker.run("cp", file.toString(), "confined:/rw/").ok();
        assertEquals("payload", docker.run("exec", "confined", "cat", "/rw/payload").ok().out());

        // a link in the writable volume must not carry a write into the read-only mount
        docker.run("exec", "confined", "ln", "-s", "/ro", "/rw/to-ro").ok();
        UnixHttp.Response throughLink = wharfd.http().send("PUT", "/v1.50/containers/confined/archive?path=/rw",
                "application/x-tar", tarWithFile("to-ro/planted", "x"));
        assertEquals(400, throughLink.status(), throughLink.body());
        assertTrue(throughLink.body().contains("read-only"), throughLink.body());
        assertFalse(Files.exists(hostDir.resolve("planted")));

    }

    @Test
    void hardLinksDoNotCrossMounts() throws Exception {
        Path hostDir = Files.createDirectories(work.resolve("linked-source"));
        Files.writeString(hostDir.resolve("kept"), "host file");
        docker.run("run", "-d", "--name", "confined", "--network", "none", "-v", hostDir + ":/ro:ro", "busybox",
                "sleep", "600").ok();
        // a link in the writable root filesystem to the read-only mount's file would make the host's file writable
        UnixHttp.Response hardLink = wharfd.http().send("PUT", "/v1.50/containers/confined/archive?path=/",
                "application/x-tar", tarWithHardLink("stolen", "ro/kept"));
        assertEquals(400, hardLink.status(), hardLink.body());
        assertTrue(hardLink.body().contains("cross a mount"), hardLink.body());
        assertEquals(1, (int) Files.getAttribute(hostDir.resolve("kept"), "unix:nlink"));
        assertEquals("host file", Files.readString(hostDir.resolve("kept")));
    }

    private List<String> hostFiles() throws IOException {
        try (Stream<Path> files = Files.list(escapeTarget)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] tarWithFile(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] tarWithHardLink(String name, String target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
